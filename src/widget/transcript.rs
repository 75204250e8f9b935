//! The conversation as the visitor sees it: their questions, cited answers, honest "I don't
//! know"s, and what they compared. It is an ARIA log, so screen readers announce each new turn
//! without moving focus. The sales asks are a turn too, after the help they follow, so they scroll
//! with the conversation instead of taking room from it.

use super::asks::Asks;
use super::words::{speak, t, tf};
use crate::help_first::Action;
use yew::prelude::*;

/// One turn of the conversation. Turns are kept for the visit (see `visit`), so each holds what
/// it shows, not the engine's internals.
#[derive(Clone, PartialEq)]
pub enum Turn {
    Asked(String),
    Answered {
        answer: Cited,
        /// Other questions the content answers near this one, for the visitor's next step.
        related: Vec<String>,
        /// The visitor's "Did this help?", once given.
        helpful: Option<bool>,
    },
    /// The content has no answer good enough to show.
    NoAnswer,
    /// The content could not be loaded, so nothing can be answered.
    Unavailable,
    /// The visitor viewed a comparison of these options (by name).
    Compared(Vec<String>),
    /// The fit finder's result, in one sentence.
    Fitted(String),
    /// A price question's worked answer: the totals, their arithmetic and each price's source.
    Priced {
        worked: crate::compare::Worked,
        /// The visitor's "Did this help?", once given.
        helpful: Option<bool>,
    },
    /// The visitor's question went to a person, who will reply to `email`.
    HandedOff {
        person: String,
        email: String,
        expectation: String,
    },
    /// The sales asks became due here (or the visitor asked for them).
    Offered,
}

/// An answer as shown: the passage and where it comes from.
#[derive(Clone, PartialEq)]
pub struct Cited {
    pub id: String,
    pub title: String,
    pub passage: String,
    pub url: String,
}

impl From<&crate::answer::Answer> for Cited {
    fn from(answer: &crate::answer::Answer) -> Self {
        Cited {
            id: answer.id.clone(),
            title: answer.title.clone(),
            passage: answer.passage.clone(),
            url: answer.url.clone(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TranscriptProps {
    pub log: NodeRef,
    pub greeting: String,
    pub turns: Vec<Turn>,
    pub status: Option<String>,
    /// The visitor rated the answer in turn `index`.
    pub onrate: Callback<(usize, bool)>,
    /// The visitor picked a related question.
    pub onask: Callback<String>,
    /// The visitor followed the source link of the answer with this id.
    pub onsource: Callback<String>,
    /// Where to reach a person, offered whenever the content has no answer.
    pub contact: String,
    /// The first name of the person a visitor can ask, when the content names one.
    pub person: Option<String>,
    /// The visitor chose to ask that person.
    pub onperson: Callback<()>,
    /// Questions to start from, offered while the conversation is empty.
    pub starters: Vec<String>,
    /// The calls to action an `Offered` turn shows.
    pub actions: Vec<Action>,
    /// The visitor followed the call to action with this id.
    pub onfollow: Callback<String>,
}

#[function_component]
pub fn Transcript(props: &TranscriptProps) -> Html {
    html! {
        <div ref={props.log.clone()} class="transcript" role="log" aria-label={t("transcript.label")} aria-live="polite">
            <p class="turn bot">{ &props.greeting }</p>
            if props.turns.is_empty() && !props.starters.is_empty() {
                { view_questions("hf-starters", &t("transcript.starters"), &props.starters, &props.onask) }
            }
            { for props.turns.iter().enumerate().map(|(index, turn)| view_turn(index, turn, props)) }
            if let Some(status) = &props.status {
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
        html! { <>{ ": " }<a href={contact.to_string()}>{ t("transcript.contact") }</a>{ "." }</> }
    }
}

fn view_turn(index: usize, turn: &Turn, props: &TranscriptProps) -> Html {
    match turn {
        Turn::Asked(question) => html! {
            <p class="turn visitor" dir="auto"><span class="visually-hidden">{ t("transcript.you_asked") }</span>{ question }</p>
        },
        Turn::Answered {
            answer,
            related,
            helpful,
        } => html! {
            <article class="turn bot answer" aria-label={tf("transcript.answer", &[("title", &answer.title)])}>
                <p class="passage">{ &answer.passage }</p>
                <p class="source">{ t("transcript.source") }<a href={answer.url.clone()} onclick={
                    let (onsource, id) = (props.onsource.clone(), answer.id.clone());
                    move |_| onsource.emit(id.clone())
                }>{ &answer.title }</a></p>
                { view_rating(index, *helpful, &props.onrate) }
                if !related.is_empty() {
                    { view_questions(&format!("hf-related-{index}"), &t("transcript.related"), related, &props.onask) }
                }
            </article>
        },
        Turn::NoAnswer => html! {
            <div class="turn bot no-answer">
                <p>
                    { t("transcript.no_answer") }
                    if props.person.is_none() { { contact_link(&props.contact) } } else { { "." } }
                </p>
                if let Some(person) = &props.person {
                    <button type="button" class="chip" onclick={props.onperson.reform(|_| ())}>
                        { tf("person.ask", &[("name", person)]) }
                    </button>
                }
            </div>
        },
        Turn::Unavailable => html! {
            <p class="turn bot no-answer">
                { t("transcript.unavailable") }
            </p>
        },
        Turn::Compared(names) => html! {
            <p class="turn bot trail">{ speak(|say| say.fill("transcript.compared", &[("names", &say.list(names))])) }</p>
        },
        Turn::Fitted(summary) => html! { <p class="turn bot trail">{ summary }</p> },
        Turn::Priced { worked, helpful } => html! {
            <article class="turn bot answer priced" aria-label={t("transcript.worked_price")}>
                <p class="passage">{ &worked.summary }</p>
                { for worked.options.iter().map(|option| html! {
                    <details open={worked.options.len() == 1}>
                        <summary>{ format!("{}: {}", option.name, option.total) }</summary>
                        <ol class="arithmetic">
                            { for option.arithmetic.iter().map(|line| html! { <li>{ line }</li> }) }
                        </ol>
                        <p class="source">{ t("transcript.price_from") }<a href={option.source.clone()}>{ &option.source }</a>
                            { if option.verified.is_empty() { String::new() } else { speak(|say| say.fill("transcript.checked", &[("date", &say.date(&option.verified))])) } }
                        </p>
                    </details>
                }) }
                { view_rating(index, *helpful, &props.onrate) }
            </article>
        },
        Turn::HandedOff {
            person,
            email,
            expectation,
        } => html! {
            <p class="turn bot handed-off">
                { tf("transcript.handed_off", &[("name", person), ("email", email), ("expectation", expectation)]) }
            </p>
        },
        Turn::Offered => html! {
            <Asks actions={props.actions.clone()} onfollow={props.onfollow.clone()} />
        },
    }
}

/// A short list of questions the visitor can ask with one click.
fn view_questions(id: &str, title: &str, questions: &[String], onask: &Callback<String>) -> Html {
    html! {
        <div class="related">
            <p class="related-title" id={id.to_string()}>{ title }</p>
            <ul aria-labelledby={id.to_string()}>
                { for questions.iter().map(|question| {
                    let asked = question.clone();
                    html! {
                        <li><button type="button" class="chip" onclick={onask.reform(move |_| asked.clone())}>
                            { question }
                        </button></li>
                    }
                }) }
            </ul>
        </div>
    }
}

/// "Did this help?": two plain buttons, then an honest acknowledgement in their place.
fn view_rating(index: usize, helpful: Option<bool>, onrate: &Callback<(usize, bool)>) -> Html {
    match helpful {
        Some(true) => html! { <p class="rated">{ t("rating.glad") }</p> },
        Some(false) => html! {
            <p class="rated">{ t("rating.sorry") }</p>
        },
        None => {
            let yes = onrate.reform(move |_: MouseEvent| (index, true));
            let no = onrate.reform(move |_: MouseEvent| (index, false));
            html! {
                <div class="rate" role="group" aria-label={t("rating.question")}>
                    <span aria-hidden="true">{ t("rating.question") }</span>
                    <button type="button" onclick={yes}>{ t("rating.yes") }</button>
                    <button type="button" onclick={no}>{ t("rating.no") }</button>
                </div>
            }
        }
    }
}
