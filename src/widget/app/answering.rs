//! Answering a question: from the answer service when the marketer configured one, else from the
//! widget's own engine, and never a guess. The key decision: standing in for a service that failed,
//! the local engine answers only on strong evidence (see [`strong`]), because a confident wrong
//! "Yes" is the most dishonest thing the panel can say.

use super::{emit, properties, App, Focus, Knowledge, Msg};
use crate::answer::Answer;
use crate::compare::{requested, worked_answer};
use crate::events::{scrub_personal_data, Interaction, Value};
use crate::help_first;
use crate::widget::service::{self, ServiceReply};
use crate::widget::transcript::{Cited, Turn};
use crate::widget::words::speak;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// In place of the answer service, the widget's own engine shows an answer only with at least this
/// confidence, and only when the content uses every word of the question (see [`strong`]).
const LOCAL_STRONG: f32 = 0.9;

impl App {
    /// The content has arrived or failed: questions asked meanwhile get the same treatment as a
    /// question asked now.
    pub(super) fn settle(&mut self, ctx: &Context<Self>, knowledge: Knowledge) {
        self.knowledge = knowledge;
        self.answer_waiting(ctx);
    }

    /// Answers the questions that waited, in order, until one waits for the answer service.
    pub(super) fn answer_waiting(&mut self, ctx: &Context<Self>) {
        while self.pending.is_none() && !self.waiting.is_empty() {
            let question = self.waiting.remove(0);
            self.answer(ctx, question);
        }
    }

    /// Sends the question to the answer service when one is configured (see [`service`]);
    /// otherwise answers it at once with the widget's own engine.
    pub(super) fn answer(&mut self, ctx: &Context<Self>, question: String) {
        let url = &ctx.props().options.answers;
        // A price question is worked out here from the content's prices, so it never leaves the
        // browser; so is every question when no service is configured or the content is missing.
        let local = match &self.knowledge {
            Knowledge::Ready { content, .. } => {
                speak(|say| worked_answer(&question, content, say).is_some())
            }
            _ => true,
        };
        if url.is_empty() || local {
            self.conclude(ctx, question, None);
            return;
        }
        let id = self.next_question;
        self.next_question += 1;
        self.pending = Some((id, question.clone()));
        let url = url.clone();
        ctx.link().send_future(async move {
            let reply = service::ask(&url, &question).await;
            Msg::ServiceReplied { id, reply }
        });
        let link = ctx.link().clone();
        gloo::timers::callback::Timeout::new(service::TIME_OUT_MS, move || {
            link.send_message(Msg::ServiceReplied { id, reply: None })
        })
        .forget();
    }

    /// Shows the service's reply, or (without one) the widget's own answer if its evidence is
    /// strong, or says plainly that there is no good answer. Never guesses.
    pub(super) fn conclude(
        &mut self,
        ctx: &Context<Self>,
        question: String,
        service: Option<ServiceReply>,
    ) {
        let recorded = scrub_personal_data(&question);
        self.recorder.track(
            Interaction::QuestionAsked,
            properties(&[("question", Value::Text(recorded.clone()))]),
        );
        self.visit.turns.push(Turn::Asked(question.clone()));
        let Knowledge::Ready { index, content } = &self.knowledge else {
            self.visit.turns.push(Turn::Unavailable);
            return;
        };
        let asked_for_asks = content
            .asks
            .as_ref()
            .is_some_and(|asks| !help_first::requested(&question, asks).is_empty());
        // A price question naming an option gets its worked total; anything else is answered
        // from the content as before.
        if let Some(worked) = speak(|say| worked_answer(&question, content, say)) {
            self.recorder.track(
                Interaction::AnswerShown,
                properties(&[
                    ("question", Value::Text(recorded)),
                    ("answer_id", Value::Text(worked.id())),
                    ("source_url", Value::Text(worked.options[0].source.clone())),
                    ("confidence", Value::Number(1.0)),
                    ("answered_by", Value::Text("local".to_string())),
                ]),
            );
            emit(ctx, "answer", &JsValue::from_str(&worked.id()));
            self.visit.turns.push(Turn::Priced {
                worked,
                helpful: None,
            });
            self.offer_asks(asked_for_asks);
            return;
        }
        let (shown, related, answered_by) = match service {
            Some(reply) => {
                let shown = reply.best().map(|a| {
                    let cited = Cited {
                        id: a.id.clone(),
                        title: a.title.clone(),
                        passage: a.passage.clone(),
                        url: a.url.clone(),
                    };
                    (cited, a.confidence)
                });
                (shown, reply.related, "service")
            }
            None => {
                let reply = index.ask(&question);
                // Standing in for a configured service that failed, the local engine answers
                // only when sure; without a service it answers as it always has.
                let fallback = !ctx.props().options.answers.is_empty();
                let shown = reply
                    .best()
                    .filter(|a| !fallback || strong(a))
                    .map(|a| (Cited::from(a), f64::from(a.confidence)));
                (shown, reply.related, "local")
            }
        };
        let compare = match &self.knowledge {
            Knowledge::Ready { content, .. } => requested(&question, content),
            _ => None,
        };
        match shown {
            Some((answer, confidence)) => {
                self.recorder.track(
                    Interaction::AnswerShown,
                    properties(&[
                        ("question", Value::Text(recorded)),
                        ("answer_id", Value::Text(answer.id.clone())),
                        ("source_url", Value::Text(answer.url.clone())),
                        ("confidence", Value::Number(confidence)),
                        ("answered_by", Value::Text(answered_by.to_string())),
                    ]),
                );
                emit(ctx, "answer", &JsValue::from_str(&answer.id));
                self.visit.turns.push(Turn::Answered {
                    answer,
                    related,
                    helpful: None,
                });
            }
            None => {
                self.recorder.track(
                    Interaction::NoAnswer,
                    properties(&[
                        ("question", Value::Text(recorded)),
                        ("answered_by", Value::Text(answered_by.to_string())),
                    ]),
                );
                emit(ctx, "no-answer", &JsValue::UNDEFINED);
                self.visit.turns.push(Turn::NoAnswer);
            }
        }
        // The comparison a question opens counts as help, but an answer is the moment the asks
        // may appear (if due), not the opening of a view.
        if let Some(ids) = compare {
            self.compare(ids);
            self.focus = Some(Focus::PaneTitle);
        }
        self.offer_asks(asked_for_asks);
    }
}

/// Whether the widget's own engine may show `answer` in place of the answer service: only with
/// strong evidence, a high confidence *and* every word of the question known to the content. The lexical
/// engine cannot tell "HIPAA compliant" from "GDPR compliant" when it has never seen "HIPAA"; a
/// question with a word the content never uses is left to a person rather than guessed.
fn strong(answer: &Answer) -> bool {
    answer.confidence >= LOCAL_STRONG && answer.signals.unseen <= 0.0
}
