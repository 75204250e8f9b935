//! The handoff's promises: who replies and when, from the team's hours in the team's zone.

use helpfirst::handoff::{Availability, Clock, Day, Handoff, Hours, LocalTime, Schedule};

fn nadia() -> Handoff {
    Handoff {
        name: "Nadia Okafor".into(),
        role: "Solutions engineer".into(),
        time_zone: "Europe/London".into(),
        reply_within_hours: 4,
        hours: vec![Hours {
            days: ["mon", "tue", "wed", "thu", "fri"]
                .map(String::from)
                .to_vec(),
            opens: "09:00".into(),
            closes: "17:30".into(),
        }],
        ..Handoff::default()
    }
}

fn at(day: Day, hours: u16, minutes: u16) -> Option<LocalTime> {
    Some(LocalTime {
        day,
        clock: Clock::at(hours, minutes),
    })
}

#[test]
fn open_hours_promise_the_usual_reply_time() {
    assert_eq!(
        nadia().reply_expectation(at(Day::Wed, 10, 0)),
        "We're open now. Nadia usually replies within 4 business hours."
    );
}

#[test]
fn a_friday_evening_question_is_answered_monday_morning() {
    assert_eq!(
        nadia().reply_expectation(at(Day::Fri, 18, 5)),
        "We're closed now, Nadia will reply Monday morning."
    );
    assert_eq!(
        nadia().reply_expectation(at(Day::Sun, 23, 59)),
        "We're closed now, Nadia will reply tomorrow morning."
    );
}

#[test]
fn before_opening_the_reply_comes_later_the_same_day() {
    assert_eq!(
        nadia().reply_expectation(at(Day::Tue, 7, 30)),
        "We're closed now, Nadia will reply later today, after 09:00."
    );
    // Closing time itself is closed: the window is [opens, closes).
    assert_eq!(
        nadia().reply_expectation(at(Day::Tue, 17, 30)),
        "We're closed now, Nadia will reply tomorrow morning."
    );
}

#[test]
fn a_once_a_week_team_names_next_week_honestly() {
    let mut handoff = nadia();
    handoff.hours = vec![Hours {
        days: vec!["Tuesday".into()],
        opens: "13:00".into(),
        closes: "16:00".into(),
    }];
    assert_eq!(
        handoff.reply_expectation(at(Day::Tue, 16, 0)),
        "We're closed now, Nadia will reply next Tuesday afternoon."
    );
}

#[test]
fn without_a_known_time_or_readable_hours_no_claim_about_now_is_made() {
    let usual = "Nadia usually replies within 4 business hours.";
    assert_eq!(nadia().reply_expectation(None), usual);
    let mut handoff = nadia();
    handoff.hours[0].opens = "nine".into();
    assert_eq!(handoff.reply_expectation(at(Day::Wed, 10, 0)), usual);
    handoff.hours.clear();
    assert_eq!(handoff.reply_expectation(at(Day::Wed, 10, 0)), usual);
}

/// English words come compiled in natively only (the widget fetches its table), hence the cfg.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn hours_read_as_a_person_would_write_them() {
    let mut handoff = nadia();
    handoff.hours.push(Hours {
        days: vec!["sat".into()],
        opens: "10:00".into(),
        closes: "14:00".into(),
    });
    assert_eq!(
        handoff.hours_text().unwrap(),
        "Mon–Fri 09:00–17:30, Sat 10:00–14:00 (London time)"
    );
    handoff.time_zone = "America/New_York".into();
    assert_eq!(handoff.zone_name(), "New York time");
}

#[test]
fn every_bad_hours_entry_is_reported_with_its_field() {
    let problems = Schedule::parse(&[
        Hours {
            days: vec!["mon".into(), "monkey".into()],
            opens: "25:00".into(),
            closes: "17:00".into(),
        },
        Hours {
            days: vec![],
            opens: "18:00".into(),
            closes: "09:00".into(),
        },
    ])
    .unwrap_err();
    let found: Vec<(usize, &str)> = problems.iter().map(|p| (p.index, p.field)).collect();
    assert_eq!(
        found,
        [(0, "opens"), (0, "days"), (1, "closes"), (1, "days")]
    );
    assert!(problems[1].message.contains("`monkey`"), "{problems:?}");
}

#[test]
fn a_schedule_with_no_hours_is_never_open() {
    let schedule = Schedule::parse(&[]).unwrap();
    assert_eq!(
        schedule.availability(at(Day::Mon, 10, 0).unwrap()),
        Availability::NeverOpen
    );
}
