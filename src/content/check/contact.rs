//! Checks for the people and asks a visitor meets: the `[handoff]` person with their hours, and
//! the `[asks]` calls to action. A promise the widget makes from these ("Nadia replies within 4
//! business hours") must rest on hours it can read, so unreadable hours are errors.

use super::{is_link, Checker, Key, Kind, Step};
use crate::handoff::{is_email, Handoff, Schedule};
use crate::help_first::Asks;
use Step::Item;

impl Checker<'_> {
    pub(super) fn handoff(&mut self, handoff: &Handoff) {
        let whose = "the handoff person";
        self.required((Kind::Handoff, 0, &[Key("name")]), &handoff.name, whose);
        self.required((Kind::Handoff, 0, &[Key("role")]), &handoff.role, whose);
        if !is_time_zone(&handoff.time_zone) {
            self.error(
                (Kind::Handoff, 0, &[Key("time_zone")]),
                format!(
                    "`{}` is not a time zone: use an IANA name such as \"Europe/London\" or \"UTC\"",
                    handoff.time_zone
                ),
            );
        }
        if handoff.reply_within_hours == 0 {
            self.error(
                (Kind::Handoff, 0, &[Key("reply_within_hours")]),
                "is 0: say honestly how many business hours a reply usually takes".to_string(),
            );
        }
        if handoff.hours.is_empty() {
            self.warning(
                (Kind::Handoff, 0, &[]),
                "has no [[handoff.hours]]: visitors are not told whether anyone is in now"
                    .to_string(),
            );
        }
        if let Err(problems) = Schedule::parse(&handoff.hours) {
            for problem in problems {
                self.error(
                    (
                        Kind::Handoff,
                        0,
                        &[Key("hours"), Item(problem.index), Key(problem.field)],
                    ),
                    problem.message,
                );
            }
        }
        for (key, value) in [("photo", &handoff.photo), ("calendar", &handoff.calendar)] {
            if !value.is_empty() && !is_link(value) {
                self.error(
                    (Kind::Handoff, 0, &[Key(key)]),
                    format!("`{value}` is not a link: use an absolute http(s) URL or a path on the site starting with /"),
                );
            }
        }
        if !handoff.email.is_empty() && !is_email(&handoff.email) {
            self.error(
                (Kind::Handoff, 0, &[Key("email")]),
                format!("`{}` is not an e-mail address", handoff.email),
            );
        }
    }

    pub(super) fn asks(&mut self, asks: &Asks) {
        let mut seen = std::collections::HashSet::new();
        for (i, action) in asks.actions.iter().enumerate() {
            let at = |key| -> [Step<'static>; 3] { [Key("actions"), Item(i), Key(key)] };
            let whose = format!("the call to action `{}`", action.id);
            self.required((Kind::Asks, 0, &at("id")), &action.id, &whose);
            self.required((Kind::Asks, 0, &at("label")), &action.label, &whose);
            if !action.id.is_empty() && !seen.insert(action.id.as_str()) {
                self.error(
                    (Kind::Asks, 0, &at("id")),
                    format!("`{}` is used more than once", action.id),
                );
            }
            if !is_link(&action.url) {
                self.error(
                    (Kind::Asks, 0, &at("url")),
                    format!("`{}` is not a link in {whose}", action.url),
                );
            }
            if action
                .when_asked
                .iter()
                .all(|phrase| phrase.trim().is_empty())
            {
                self.warning(
                    (Kind::Asks, 0, &at("when_asked")),
                    format!("{whose} has no phrases, so a visitor who asks for it must first be helped {} times", asks.after_helped),
                );
            }
        }
    }
}

/// `UTC`, or `Area/Location` in the IANA database's spelling. The browser checks the name
/// itself; this catches what is plainly not one ("GMT+1", "London").
fn is_time_zone(zone: &str) -> bool {
    zone == "UTC"
        || zone.split_once('/').is_some_and(|(area, place)| {
            [area, place].iter().all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '+'))
            }) && area.starts_with(|c: char| c.is_ascii_uppercase())
        })
}
