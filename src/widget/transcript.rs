//! The conversation as the visitor sees it: their questions, cited answers, and honest "I don't
//! know"s. It is an ARIA log, so screen readers announce each new answer without moving focus.

use crate::answer::Answer;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub enum Turn {
    Asked(String),
    Answered {
        answer: Answer,
        /// Other questions the content answers near this one, for the visitor's next step.
        related: Vec<String>,
        /// The visitor's "Did this help?", once given.
        helpful: Option<bool>,
    },
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
    /// The visitor rated the answer in turn `index`.
    pub onrate: Callback<(usize, bool)>,
    /// The visitor picked a related question.
    pub onask: Callback<String>,
    /// The visitor followed the source link of the answer with this id.
    pub onsource: Callback<String>,
    /// Where to reach a person, offered whenever the content has no answer.
    pub contact: String,
}

#[function_component]
pub fn Transcript(props: &TranscriptProps) -> Html {
    html! {
        <div ref={props.log.clone()} class="transcript" role="log" aria-label="Conversation" aria-live="polite">
            <p class="turn bot">{ &props.greeting }</p>
            { for props.turns.iter().enumerate().map(|(index, turn)| view_turn(index, turn, props)) }
            if let Some(status) = props.status {
                <p class="turn bot status">{ status }</p>
            }
        </div>
    }
}

/// ": Contact the team." when a contact is configured, else a plain full stop.
fn contact_link(contact: &str) -> Html {
    if contact.is_empty() {
        html! { "." }
    } else {
        html! { <>{ ": " }<a href={contact.to_string()}>{ "contact the team" }</a>{ "." }</> }
    }
}

fn view_turn(index: usize, turn: &Turn, props: &TranscriptProps) -> Html {
    match turn {
        Turn::Asked(question) => html! {
            <p class="turn visitor"><span class="visually-hidden">{ "You asked: " }</span>{ question }</p>
        },
        Turn::Answered {
            answer,
            related,
            helpful,
        } => html! {
            <article class="turn bot answer" aria-label={format!("Answer: {}", answer.title)}>
                <p class="passage">{ &answer.passage }</p>
                <p class="source">{ "Source: " }<a href={answer.url.clone()} onclick={
                    let (onsource, id) = (props.onsource.clone(), answer.id.clone());
                    move |_| onsource.emit(id.clone())
                }>{ &answer.title }</a></p>
                { view_rating(index, *helpful, &props.onrate) }
                if !related.is_empty() {
                    <div class="related">
                        <p class="related-title" id={format!("hf-related-{index}")}>{ "Related questions" }</p>
                        <ul aria-labelledby={format!("hf-related-{index}")}>
                            { for related.iter().map(|question| {
                                let onask = props.onask.clone();
                                let asked = question.clone();
                                html! {
                                    <li><button type="button" class="chip" onclick={move |_| onask.emit(asked.clone())}>
                                        { question }
                                    </button></li>
                                }
                            }) }
                        </ul>
                    </div>
                }
            </article>
        },
        Turn::NoAnswer => html! {
            <p class="turn bot no-answer">
                { "I don't have a good answer to that in this site's content, and I'd rather not guess. \
                   Try asking in other words, or ask a person on the team" }
                { contact_link(&props.contact) }
            </p>
        },
        Turn::Unavailable => html! {
            <p class="turn bot no-answer">
                { "Sorry, I can't reach this site's answers right now. Please try again later or contact the team directly." }
            </p>
        },
    }
}

/// "Did this help?": two plain buttons, then an honest acknowledgement in their place.
fn view_rating(index: usize, helpful: Option<bool>, onrate: &Callback<(usize, bool)>) -> Html {
    match helpful {
        Some(true) => html! { <p class="rated">{ "Thanks, glad it helped." }</p> },
        Some(false) => html! {
            <p class="rated">{ "Thanks for saying so. Try asking in other words, or ask a person on the team." }</p>
        },
        None => {
            let yes = onrate.reform(move |_: MouseEvent| (index, true));
            let no = onrate.reform(move |_: MouseEvent| (index, false));
            html! {
                <div class="rate" role="group" aria-label="Did this help?">
                    <span aria-hidden="true">{ "Did this help?" }</span>
                    <button type="button" onclick={yes}>{ "Yes" }</button>
                    <button type="button" onclick={no}>{ "No" }</button>
                </div>
            }
        }
    }
}
