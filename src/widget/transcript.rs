//! The conversation as the visitor sees it: their questions, cited answers, and honest "I don't
//! know"s. It is an ARIA log, so screen readers announce each new answer without moving focus.

use crate::answer::Answer;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub enum Turn {
    Asked(String),
    Answered(Answer),
    /// The content has no answer good enough to show.
    NoAnswer,
    /// The content could not be loaded, so nothing can be answered.
    Unavailable,
}

#[derive(Properties, PartialEq)]
pub struct TranscriptProps {
    pub log: NodeRef,
    pub greeting: String,
    pub turns: Vec<Turn>,
    pub status: Option<&'static str>,
}

#[function_component]
pub fn Transcript(props: &TranscriptProps) -> Html {
    html! {
        <div ref={props.log.clone()} class="transcript" role="log" aria-label="Conversation" aria-live="polite">
            <p class="turn bot">{ &props.greeting }</p>
            { for props.turns.iter().map(view_turn) }
            if let Some(status) = props.status {
                <p class="turn bot status">{ status }</p>
            }
        </div>
    }
}

fn view_turn(turn: &Turn) -> Html {
    match turn {
        Turn::Asked(question) => html! {
            <p class="turn visitor"><span class="visually-hidden">{ "You asked: " }</span>{ question }</p>
        },
        Turn::Answered(answer) => html! {
            <article class="turn bot answer" aria-label={format!("Answer: {}", answer.title)}>
                <p class="passage">{ &answer.passage }</p>
                <p class="source">{ "Source: " }<a href={answer.url.clone()}>{ &answer.title }</a></p>
            </article>
        },
        Turn::NoAnswer => html! {
            <p class="turn bot no-answer">
                { "I don't have a good answer to that in this site's content, and I'd rather not guess. \
                   Try asking in other words, or ask a person on the team." }
            </p>
        },
        Turn::Unavailable => html! {
            <p class="turn bot no-answer">
                { "Sorry, I can't reach this site's answers right now. Please try again later or contact the team directly." }
            </p>
        },
    }
}
