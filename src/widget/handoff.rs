//! "Ask a person": the named person who will reply, when, and a form to send them the question.
//!
//! Key decision: nothing personal leaves the page unless the visitor ticks the consent box, and the
//! box is never pre-ticked. The question is pre-filled from the conversation but stays editable,
//! and every other way to reach the team (mail, phone, calendar) is offered beside the form, so
//! the form is a convenience, not a gate. The form is offered only when the collector says it
//! tells the person, and "Sent" is shown only once the collector has acknowledged the request.

use super::words::{t, tf};
use crate::handoff::{is_email, Handoff};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// What the visitor sent.
#[derive(Clone, PartialEq)]
pub struct Request {
    pub email: String,
    pub question: String,
}

#[derive(Properties, PartialEq)]
pub struct HandoffProps {
    pub handoff: Rc<Handoff>,
    pub company: String,
    /// Pre-filled from the conversation: the visitor's last question.
    pub question: String,
    /// "We're open now. Nadia usually replies within 4 business hours." and the like.
    pub expectation: String,
    pub hours: Option<String>,
    pub status: Status,
    pub onsend: Callback<Request>,
}

/// Where the visitor's request stands, as far as this browser knows.
#[derive(Clone, PartialEq)]
pub enum Status {
    /// Asking the endpoint whether it tells the person; the pane is marked busy meanwhile.
    Checking,
    /// No endpoint that tells a person (none, or a third-party pipeline): only the direct
    /// channels are offered.
    ChannelsOnly,
    /// The form can be sent.
    Ready,
    /// Sent from this address; the collector has not answered yet.
    Sending,
    /// The collector could not be reached: the request waits in this browser's outbox.
    Waiting(String),
    /// The collector refused the request.
    Refused,
    /// The collector acknowledged the request from this address.
    Sent(String),
}

/// A field the visitor must fix, with what to do about it.
#[derive(Clone, PartialEq, Default)]
struct Problems {
    email: Option<String>,
    question: Option<String>,
    consent: Option<String>,
}

impl Problems {
    fn any(&self) -> bool {
        self.email.is_some() || self.question.is_some() || self.consent.is_some()
    }
}

#[function_component]
pub fn HandoffPane(props: &HandoffProps) -> Html {
    let person = &props.handoff;
    let first = person.first_name().to_string();
    let problems = use_state(Problems::default);
    // The visitor's edits are state: a re-render (after a problem is shown) must not put the
    // pre-filled question back.
    let question = use_state(|| props.question.clone());
    let (email, consent) = (use_node_ref(), use_node_ref());
    // A problem goes away as soon as its field is fixed, not at the next "Send".
    let oninput = {
        let (question, problems) = (question.clone(), problems.clone());
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                if problems.question.is_some() && !area.value().trim().is_empty() {
                    problems.set(Problems {
                        question: None,
                        ..(*problems).clone()
                    });
                }
                question.set(area.value());
            }
        })
    };
    let onemail = {
        let problems = problems.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                if problems.email.is_some() && is_email(input.value().trim()) {
                    problems.set(Problems {
                        email: None,
                        ..(*problems).clone()
                    });
                }
            }
        })
    };
    let onconsent = {
        let problems = problems.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<HtmlInputElement>() {
                if problems.consent.is_some() && input.checked() {
                    problems.set(Problems {
                        consent: None,
                        ..(*problems).clone()
                    });
                }
            }
        })
    };
    let onsubmit = {
        let (email, question, consent) = (email.clone(), question.clone(), consent.clone());
        let (problems, onsend) = (problems.clone(), props.onsend.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let address = email
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_string())
                .unwrap_or_default();
            let text = question.trim().to_string();
            let agreed = consent
                .cast::<HtmlInputElement>()
                .is_some_and(|c| c.checked());
            let found = Problems {
                email: (!is_email(&address)).then(|| t("handoff.problem.email")),
                question: text.is_empty().then(|| t("handoff.problem.question")),
                consent: (!agreed).then(|| t("handoff.problem.consent")),
            };
            if found.any() {
                problems.set(found);
            } else {
                problems.set(Problems::default());
                onsend.emit(Request {
                    email: address,
                    question: text,
                });
            }
        })
    };
    let invalid = |problem: &Option<String>| problem.as_ref().map(|_| "true");
    html! {
        <section class="pane handoff" aria-labelledby="hf-pane-title"
            aria-busy={(props.status == Status::Checking).then_some("true")}>
            <h3 id="hf-pane-title" tabindex="-1">{ tf("person.ask", &[("name", &first)]) }</h3>
            <div class="person">
                if !person.photo.is_empty() {
                    <img src={person.photo.clone()} alt="" width="56" height="56" />
                }
                <div>
                    <p class="person-name">{ &person.name }</p>
                    <p class="person-role">{ tf("handoff.role", &[("role", &person.role), ("company", &props.company)]) }</p>
                </div>
            </div>
            <p class="expectation">{ &props.expectation }</p>
            if let Some(hours) = &props.hours {
                <p class="hours">{ tf("handoff.hours", &[("hours", hours)]) }</p>
            }
            if let Status::Sent(address) = &props.status {
                <p class="sent" role="status">
                    { tf("handoff.sent", &[("name", &first), ("email", address)]) }
                </p>
            } else if props.status == Status::Sending {
                <p class="sending" role="status">{ tf("handoff.sending", &[("name", &first)]) }</p>
            } else if let Status::Waiting(address) = &props.status {
                <p class="waiting" role="status">
                    { tf("handoff.waiting", &[("name", &first), ("email", address)]) }
                </p>
            } else if props.status == Status::Refused {
                <p class="waiting" role="alert">
                    { tf("handoff.refused", &[("name", &first)]) }
                </p>
            } else if props.status == Status::Ready {
                <form class="handoff-form" novalidate=true {onsubmit}>
                    if problems.any() {
                        <p class="form-problems" role="alert">{ t("handoff.check_fields") }</p>
                    }
                    <label for="hf-email">{ t("handoff.email") }</label>
                    <input id="hf-email" ref={email} type="email" autocomplete="email" required=true oninput={onemail}
                        aria-invalid={invalid(&problems.email)} aria-describedby={problems.email.as_ref().map(|_| "hf-email-problem")} />
                    if let Some(problem) = &problems.email {
                        <p id="hf-email-problem" class="problem">{ problem }</p>
                    }
                    <label for="hf-question">{ t("handoff.question") }</label>
                    <textarea id="hf-question" rows="3" required=true value={(*question).clone()} {oninput}
                        aria-invalid={invalid(&problems.question)} aria-describedby={problems.question.as_ref().map(|_| "hf-question-problem")} />
                    if let Some(problem) = &problems.question {
                        <p id="hf-question-problem" class="problem">{ problem }</p>
                    }
                    <div class="consent">
                        <input id="hf-consent" ref={consent} type="checkbox" required=true onchange={onconsent}
                            aria-invalid={invalid(&problems.consent)} aria-describedby={problems.consent.as_ref().map(|_| "hf-consent-problem")} />
                        <label for="hf-consent">
                            { tf("handoff.consent", &[("company", &props.company), ("name", &first)]) }
                        </label>
                    </div>
                    if let Some(problem) = &problems.consent {
                        <p id="hf-consent-problem" class="problem">{ problem }</p>
                    }
                    <button type="submit" class="send">{ tf("handoff.send", &[("name", &first)]) }</button>
                </form>
            }
            { view_channels(person) }
        </section>
    }
}

/// What the visitor may expect now, judged by the time in the person's own zone.
pub fn expectation_now(handoff: &Handoff) -> String {
    let now = super::browser::time_in(&handoff.time_zone);
    super::words::speak(|say| crate::locale::reply_expectation(handoff, now, say))
}

/// Mail, phone and calendar, when the content gives them.
fn view_channels(person: &Handoff) -> Html {
    let channels: Vec<(String, Html)> = [
        (
            &person.email,
            format!("mailto:{}", person.email),
            isolated("handoff.mail", "email", &person.email),
        ),
        (
            &person.phone,
            format!("tel:{}", person.phone.replace(' ', "")),
            isolated("handoff.call", "phone", &person.phone),
        ),
        (
            &person.calendar,
            person.calendar.clone(),
            html! { { tf("handoff.book", &[("name", person.first_name())]) } },
        ),
    ]
    .into_iter()
    .filter(|(given, ..)| !given.is_empty())
    .map(|(_, href, label)| (href, label))
    .collect();
    if channels.is_empty() {
        return Html::default();
    }
    html! {
        <div class="channels">
            <p class="related-title" id="hf-channels">{ t("handoff.other_ways") }</p>
            <ul aria-labelledby="hf-channels">
                { for channels.into_iter().map(|(href, label)| html! { <li><a {href}>{ label }</a></li> }) }
            </ul>
        </div>
    }
}

/// The sentence `key` with its `{placeholder}` filled by `value` in a `<bdi>`, so an address or a
/// number keeps its own order inside a sentence in another direction (`+49 30 901820` is not
/// reordered to `901820 30 49+` in an Arabic panel).
fn isolated(key: &str, placeholder: &str, value: &str) -> Html {
    let sentence = t(key);
    match sentence.split_once(&format!("{{{placeholder}}}")) {
        Some((before, after)) => html! {
            <>{ before.to_string() }<bdi>{ value.to_string() }</bdi>{ after.to_string() }</>
        },
        None => html! { { sentence } },
    }
}
