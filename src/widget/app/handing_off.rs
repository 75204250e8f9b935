//! Handing the visitor over to the named person: what the pane shows of the handoff's state, and
//! the one event that carries personal data, sent only with the visitor's consent and called
//! "sent" only once the collector has acknowledged it.

use super::{properties, App, Knowledge, Msg};
use crate::events::{Interaction, Value};
use crate::widget::handoff::{expectation_now, Request, Status};
use crate::widget::transcript::Turn;
use crate::widget::visit::Pending;
use yew::prelude::*;

impl App {
    /// Where the handoff stands, for the pane: "Sent" only once the collector acknowledged it.
    pub(super) fn handoff_status(&self, has_endpoint: bool) -> Status {
        match (&self.visit.handed_off, &self.visit.handoff_pending) {
            (Some(email), _) => Status::Sent(email.clone()),
            (None, Some(pending)) if pending.unreachable => Status::Waiting(pending.email.clone()),
            (None, Some(_)) => Status::Sending,
            (None, None) if self.handoff_refused => Status::Refused,
            _ => match self.handoffs_delivered {
                Some(true) => Status::Ready,
                None if has_endpoint => Status::Checking,
                _ => Status::ChannelsOnly,
            },
        }
    }

    /// Sends the visitor's question to the named person: the one event that carries personal
    /// data, sent because the visitor ticked the consent box (the form cannot send otherwise).
    /// The transcript says "sent" once the collector acknowledges it (see `Msg::HandoffReceipt`).
    pub(super) fn hand_off(&mut self, ctx: &Context<Self>, request: Request) {
        let Knowledge::Ready { content, .. } = &self.knowledge else {
            return;
        };
        let Some(handoff) = &content.handoff else {
            return;
        };
        let receipt = ctx.link().callback(Msg::HandoffReceipt);
        let mut fields = vec![
            ("person", Value::Text(handoff.name.clone())),
            ("email", Value::Text(request.email.clone())),
            ("question", Value::Text(request.question)),
            ("consent", Value::Flag(true)),
            ("help_count", Value::Count(self.visit.help.count())),
        ];
        // The visit id links the handoff to the visit's recorded events (the person's mail shows
        // them); a visit that may not be recorded, or withdrew its consent, is linked to nothing.
        if self.recorder.allowed() {
            fields.push(("visit_id", Value::Text(self.visit.id.clone())));
        }
        let id = self.recorder.send_requested(
            Interaction::HandoffRequested,
            properties(&fields),
            move |r| receipt.emit(r),
        );
        self.handoff_refused = false;
        self.visit.handoff_pending = id.map(|id| Pending {
            id,
            email: request.email,
            unreachable: false,
            person: handoff.first_name().to_string(),
            expectation: expectation_now(handoff),
        });
    }

    /// The visitor's last question, to pre-fill the handoff form.
    pub(super) fn last_question(&self) -> String {
        self.visit
            .turns
            .iter()
            .rev()
            .find_map(|turn| match turn {
                Turn::Asked(question) => Some(question.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }
}
