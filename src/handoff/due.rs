//! When a reply is due, as a date and time in the team's own zone: what the person who is told
//! about a handoff reads ("reply due Monday 30 November, 11:00 London time").
//!
//! Key decision: the rule is the widget's own ([`Schedule`] and `reply_within_hours`, the same
//! Rust code); only the clock differs. The browser knows the time in the team's zone from its own
//! `Intl` database; the server gets it from a maintained time-zone database (`chrono-tz`), so a
//! daylight-saving change moves the due time exactly as it moves the team's hours.

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use super::{Clock, Day, Handoff, LocalTime, Schedule};

/// The time in `zone` at `at`, as the schedule counts it, with the local calendar date.
pub fn local_time(zone: &str, at: DateTime<Utc>) -> Option<(LocalTime, chrono::NaiveDate)> {
    let zone: Tz = zone.parse().ok()?;
    let local = zone.from_utc_datetime(&at.naive_utc());
    let day = Day::parse(&local.weekday().to_string())?;
    let clock = Clock::at(local.hour() as u16, local.minute() as u16);
    Some((LocalTime { day, clock }, local.date_naive()))
}

/// "Monday 30 November, 11:00 London time" for a request received at `at`, or `None` when the
/// content gives no readable hours or zone (then only "usually replies within …" can be said).
pub fn reply_due(handoff: &Handoff, at: DateTime<Utc>) -> Option<String> {
    let schedule = Schedule::parse(&handoff.hours).ok()?;
    let (now, today) = local_time(&handoff.time_zone, at)?;
    let due = schedule.reply_due(now, handoff.reply_within_hours.saturating_mul(60))?;
    let date = today + Duration::days(due.days_ahead as i64);
    Some(format!(
        "{} {} {}, {} {}",
        due.day.name(),
        date.day(),
        date.format("%B"),
        due.clock,
        handoff.zone_name()
    ))
}

/// Whether `zone` is a name the time-zone database knows, for checking the configuration.
pub fn is_known_zone(zone: &str) -> bool {
    zone.parse::<Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::Hours;

    fn nadia() -> Handoff {
        Handoff {
            name: "Nadia Okafor".into(),
            role: "Solutions engineer".into(),
            time_zone: "Europe/London".into(),
            hours: vec![Hours {
                days: vec![
                    "mon".into(),
                    "tue".into(),
                    "wed".into(),
                    "thu".into(),
                    "fri".into(),
                ],
                opens: "09:00".into(),
                closes: "17:00".into(),
            }],
            reply_within_hours: 4,
            ..Handoff::default()
        }
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("an RFC 3339 time")
    }

    #[test]
    fn a_friday_evening_request_is_due_monday_morning() {
        // Friday 27 November 2026, 18:30 in London (UTC in winter).
        let due = reply_due(&nadia(), utc("2026-11-27T18:30:00Z"));
        assert_eq!(
            due.as_deref(),
            Some("Monday 30 November, 13:00 London time")
        );
    }

    #[test]
    fn business_hours_carry_over_to_the_next_day() {
        // Tuesday 15:00: two hours today, two tomorrow.
        let due = reply_due(&nadia(), utc("2026-11-24T15:00:00Z"));
        assert_eq!(
            due.as_deref(),
            Some("Wednesday 25 November, 11:00 London time")
        );
    }

    #[test]
    fn summer_time_moves_the_local_clock() {
        // 07:30 UTC on Monday 1 June 2026 is 08:30 in London (BST): due at 13:00 local.
        let due = reply_due(&nadia(), utc("2026-06-01T07:30:00Z"));
        assert_eq!(due.as_deref(), Some("Monday 1 June, 13:00 London time"));
    }

    #[test]
    fn no_hours_or_an_unknown_zone_promise_no_time() {
        let mut person = nadia();
        person.time_zone = "Mars/Olympus".into();
        assert_eq!(reply_due(&person, utc("2026-11-24T15:00:00Z")), None);
        person = nadia();
        person.hours.clear();
        assert_eq!(reply_due(&person, utc("2026-11-24T15:00:00Z")), None);
    }
}
