//! Help that is not an answer: the compare view, the fit finder's recommendation, and the asks
//! (calls to action) that may follow help but never come before it. Each touch counts once per
//! visit, and opening a view is never by itself the moment to ask for the sale.

use super::{properties, App, Knowledge, Pane};
use crate::compare::{assess, Needs, Recommendation, Relation};
use crate::events::{Interaction, Value};
use crate::help_first::Touch;
use crate::widget::transcript::Turn;
use crate::widget::words::speak;

impl App {
    /// Opens the compare view on `ids` (or on what it showed last, else the first options the
    /// content lists) and records what the visitor is shown, each time it is shown. It counts as
    /// help once per visit, and never brings the asks with it: opening a view or ticking a box is
    /// not the moment to ask for the sale.
    pub(super) fn compare(&mut self, ids: Vec<String>) {
        let Knowledge::Ready { content, .. } = &self.knowledge else {
            return;
        };
        let listed = content.offerings.iter().map(|o| o.id.clone());
        let chosen: Vec<String> = if ids.len() >= 2 {
            // In the content's order, whatever order they were named in.
            listed.filter(|id| ids.contains(id)).collect()
        } else if self.compared.len() >= 2 {
            self.compared.clone()
        } else {
            listed.take(3).collect()
        };
        let names = content
            .offerings
            .iter()
            .filter(|o| chosen.contains(&o.id))
            .map(|o| o.name.clone())
            .collect();
        self.pane = Pane::Compare;
        self.recorder.track(
            Interaction::ComparisonViewed,
            properties(&[("options", Value::List(chosen.clone()))]),
        );
        if self.visit.help.touch(Touch::Compared) {
            self.visit.turns.push(Turn::Compared(names));
        }
        self.compared = chosen;
    }

    /// Records the fit finder's recommendation, and whose it is relative to the plan the visitor
    /// was comparing (the first of ours in the compare view, if any).
    pub(super) fn recommend(&mut self, needs: &Needs) {
        let Knowledge::Ready { content, .. } = &self.knowledge else {
            return;
        };
        let (ranked, recommendation) = speak(|say| assess(&content.offerings, needs, say));
        let best = match &recommendation {
            Recommendation::One(i) => Some(ranked[*i].offering),
            Recommendation::Tie(tied) => Some(ranked[tied[0]].offering),
            Recommendation::Nothing => None,
        };
        let considering = content
            .offerings
            .iter()
            .find(|o| o.is_ours() && self.compared.contains(&o.id))
            .map(|o| o.id.as_str());
        let relation = Relation::of(best, considering);
        let mut recorded = properties(&[
            ("relation", Value::Text(relation.as_str().to_string())),
            (
                "tie",
                Value::Flag(matches!(recommendation, Recommendation::Tie(_))),
            ),
        ]);
        if let Some(best) = best {
            recorded.insert("option_id", Value::Text(best.id.clone()));
        }
        self.recorder.track(Interaction::FitRecommended, recorded);
        let summary = speak(|say| match &recommendation {
            Recommendation::One(i) => {
                say.fill("fit.recommended", &[("name", &ranked[*i].offering.name)])
            }
            Recommendation::Tie(tied) => {
                let names: Vec<&str> = tied
                    .iter()
                    .map(|i| ranked[*i].offering.name.as_str())
                    .collect();
                say.fill("fit.found_tie", &[("names", &say.list(&names))])
            }
            Recommendation::Nothing => say.t("fit.found_nothing"),
        });
        // The result goes into the conversation before the asks it may bring.
        if self
            .visit
            .help
            .touch(Touch::Fitted(best.map(|b| b.id.clone())))
        {
            self.visit.turns.push(Turn::Fitted(summary));
            self.offer_asks(false);
        }
    }

    /// Counts a helpful touch and shows the asks if they are now due. `true` if the touch was new.
    pub(super) fn helped(&mut self, touch: Touch) -> bool {
        let new = self.visit.help.touch(touch);
        if new {
            self.offer_asks(false);
        }
        new
    }

    /// Shows the calls to action if the help-first policy allows it now (or the visitor asked),
    /// and records that once, with the help count, so the report can show help before the ask.
    pub(super) fn offer_asks(&mut self, asked: bool) {
        let Knowledge::Ready { content, .. } = &self.knowledge else {
            return;
        };
        let Some(asks) = &content.asks else {
            return;
        };
        if let Some(reason) = self.visit.help.show_if_due(asks, asked) {
            self.visit.turns.push(Turn::Offered);
            let ids = asks.actions.iter().map(|a| a.id.clone()).collect();
            self.recorder.track(
                Interaction::CallToActionShown,
                properties(&[
                    ("actions", Value::List(ids)),
                    ("help_count", Value::Count(self.visit.help.count())),
                    ("reason", Value::Text(reason.as_str().to_string())),
                ]),
            );
        }
    }
}
