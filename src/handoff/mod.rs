//! Handing a visitor to a real, named person, the way a friend would: who will reply, when, and
//! how else to reach them.
//!
//! Key decision: the reply expectation is worked out here, in plain Rust, from the team's own
//! business hours in the team's time zone. The browser only supplies what time it is *there*
//! (see [`hours::LocalTime`]), so the promise the visitor reads ("Nadia will reply Monday
//! morning") is tested natively and never depends on the visitor's clock or zone.

#[cfg(not(target_arch = "wasm32"))]
pub mod due;
pub mod hours;

use serde::{Deserialize, Serialize};

pub use hours::{Availability, Clock, Day, LocalTime, Schedule};

/// The person a visitor can ask, from the content's `[handoff]` table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    pub name: String,
    pub role: String,
    /// A picture of the person; a path on the site or an absolute URL.
    #[serde(default)]
    pub photo: String,
    /// An IANA time zone such as `Europe/London`: the hours below are in it.
    pub time_zone: String,
    #[serde(default)]
    pub hours: Vec<Hours>,
    /// Business hours within which the person usually replies: the honest figure, not a goal.
    pub reply_within_hours: u32,
    /// Other ways to reach the team, shown beside the form when given.
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// A booking page, for a visitor who would rather talk.
    #[serde(default)]
    pub calendar: String,
}

/// Opening hours on some days of the week, as written: `days = ["mon", "tue"]`,
/// `opens = "09:00"`, `closes = "17:30"`. Checked by `helpfirst check`, parsed by [`Schedule`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub days: Vec<String>,
    pub opens: String,
    pub closes: String,
}

impl Handoff {
    /// The person's first name, for sentences such as "Nadia will reply Monday morning".
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or(&self.name)
    }

    /// The zone as people say it: `Europe/London` is "London time".
    pub fn zone_name(&self) -> String {
        format!("{} time", self.city())
    }

    /// `New York` for `America/New_York`.
    fn city(&self) -> String {
        let city = self.time_zone.rsplit('/').next().unwrap_or(&self.time_zone);
        city.replace('_', " ")
    }

    /// What the visitor may expect, given the time in the team's zone (`None` when the browser
    /// cannot tell, in which case no claim about "now" is made).
    pub fn reply_expectation(&self, now: Option<LocalTime>) -> String {
        let name = self.first_name();
        let usual = format!(
            "{name} usually replies within {} business {}.",
            self.reply_within_hours,
            if self.reply_within_hours == 1 {
                "hour"
            } else {
                "hours"
            }
        );
        let Ok(schedule) = Schedule::parse(&self.hours) else {
            return usual;
        };
        match now.map(|now| schedule.availability(now)) {
            Some(Availability::Open) => format!("We're open now. {usual}"),
            Some(Availability::Closed { next }) => {
                format!("We're closed now, {name} will reply {}.", next.describe())
            }
            None | Some(Availability::NeverOpen) => usual,
        }
    }

    /// The opening hours in one line, such as "Mon–Fri 09:00–17:30 (London time)".
    #[cfg(not(target_arch = "wasm32"))]
    pub fn hours_text(&self) -> Option<String> {
        self.hours_text_in(&crate::locale::Speech::english())
    }

    /// [`Handoff::hours_text`] in `say`'s language: "Mo.–Fr. 09:00–17:30 (London)".
    pub fn hours_text_in(&self, say: &crate::locale::Speech) -> Option<String> {
        let schedule = Schedule::parse(&self.hours).ok()?;
        let text = schedule.describe_with(say.formats);
        let zone = say.fill("handoff.zone", &[("city", &self.city())]);
        (!text.is_empty()).then(|| format!("{text} ({zone})"))
    }
}

/// Plausible enough to reply to: something@domain.tld, no spaces. A person reads it before
/// replying, and stricter rules would only refuse real addresses.
pub fn is_email(address: &str) -> bool {
    let plausible = address.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    });
    plausible && !address.chars().any(char::is_whitespace)
}
