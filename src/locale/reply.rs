//! The reply-time sentence in the visitor's language: "We're closed now, Nadia will reply Monday
//! morning." The schedule decides *when* ([`crate::handoff::Schedule`]); the table decides the
//! words, one template per case, because word order differs ("am Montagvormittag", "el lunes por
//! la mañana", "صباح يوم الاثنين") and a day name cannot simply be glued to "morning".

use super::Speech;
use crate::handoff::hours::Opening;
use crate::handoff::{Availability, Handoff, LocalTime, Schedule};

/// What the visitor may expect, given the time in the team's zone (`None` when the browser cannot
/// tell, in which case no claim about "now" is made), in the table's language.
pub fn reply_expectation(handoff: &Handoff, now: Option<LocalTime>, say: &Speech) -> String {
    let name = handoff.first_name();
    let count = u64::from(handoff.reply_within_hours);
    let usual = say.count_with("reply.usual", count, &[("name", name)]);
    let Ok(schedule) = Schedule::parse(&handoff.hours) else {
        return usual;
    };
    match now.map(|now| schedule.availability(now)) {
        Some(Availability::Open) => say.fill("reply.open", &[("usual", &usual)]),
        Some(Availability::Closed { next }) => say.fill(
            "reply.closed",
            &[("name", name), ("when", &when(&next, say))],
        ),
        None | Some(Availability::NeverOpen) => usual,
    }
}

/// "later today, after 13:00", "tomorrow morning", "Monday morning", "next Tuesday morning".
fn when(next: &Opening, say: &Speech) -> String {
    let part = next.clock.part_of_day();
    let key = match next.days_ahead {
        0 => "reply.when.today".to_string(),
        1 => format!("reply.when.tomorrow.{part}"),
        7 => format!("reply.when.next.{part}"),
        _ => format!("reply.when.day.{part}"),
    };
    say.fill(
        &key,
        &[
            ("time", &say.formats.time(next.clock)),
            ("day", &say.formats.weekday(next.day)),
        ],
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::handoff::{Clock, Day, Hours};
    use crate::locale::{English, Formats, Strings};

    /// German day names as the browser's `Intl` gives them; the rest as in English.
    struct German;

    impl Formats for German {
        fn plural(&self, count: u64) -> String {
            English.plural(count)
        }
        fn number(&self, count: u64) -> String {
            English.number(count)
        }
        fn money(&self, money: crate::content::Money, currency: &str) -> String {
            English.money(money, currency)
        }
        fn date(&self, written: &str) -> String {
            English.date(written)
        }
        fn weekday(&self, day: Day) -> String {
            [
                "Montag",
                "Dienstag",
                "Mittwoch",
                "Donnerstag",
                "Freitag",
                "Samstag",
                "Sonntag",
            ][day as usize]
                .to_string()
        }
        fn weekday_short(&self, day: Day) -> String {
            self.weekday(day)[..2].to_string()
        }
        fn time(&self, clock: Clock) -> String {
            English.time(clock)
        }
    }

    fn table(locale: &str) -> Strings {
        let path = format!("{}/locales/{locale}.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn say(strings: &Strings) -> Speech<'_> {
        Speech {
            strings,
            formats: &English,
        }
    }

    fn german(strings: &Strings) -> Speech<'_> {
        Speech {
            strings,
            formats: &German,
        }
    }

    fn nadia() -> Handoff {
        Handoff {
            name: "Nadia Okafor".into(),
            time_zone: "Europe/London".into(),
            reply_within_hours: 4,
            hours: vec![Hours {
                days: ["mon", "tue", "wed", "thu", "fri"]
                    .map(String::from)
                    .to_vec(),
                opens: "09:00".into(),
                closes: "17:00".into(),
            }],
            ..Handoff::default()
        }
    }

    fn friday_evening() -> Option<LocalTime> {
        Some(LocalTime {
            day: Day::Fri,
            clock: Clock::at(18, 30),
        })
    }

    #[test]
    fn english_matches_the_sentences_the_widget_said_before() {
        let nadia = nadia();
        let english = table("en");
        assert_eq!(
            reply_expectation(&nadia, friday_evening(), &say(&english)),
            nadia.reply_expectation(friday_evening())
        );
        let tuesday_noon = Some(LocalTime {
            day: Day::Tue,
            clock: Clock::at(12, 0),
        });
        assert_eq!(
            reply_expectation(&nadia, tuesday_noon, &say(&english)),
            nadia.reply_expectation(tuesday_noon)
        );
    }

    #[test]
    fn german_says_when_in_german_word_order() {
        let said = reply_expectation(&nadia(), friday_evening(), &german(&table("de")));
        assert_eq!(
            said,
            "Wir haben gerade geschlossen. Nadia antwortet am Montagvormittag."
        );
        let one_hour = Handoff {
            reply_within_hours: 1,
            ..nadia()
        };
        assert_eq!(
            reply_expectation(&one_hour, None, &german(&table("de"))),
            "Nadia antwortet meist innerhalb von 1 Geschäftsstunde."
        );
    }
}
