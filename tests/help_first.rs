//! The help-first policy: no sales ask before the visitor has been helped, unless they ask.

use helpfirst::help_first::{requested, Action, Asks, Help, Reason, Touch};

fn asks() -> Asks {
    Asks {
        after_helped: 3,
        actions: vec![
            Action {
                id: "trial".into(),
                label: "Start a 14-day free trial".into(),
                url: "/signup".into(),
                when_asked: vec!["trial".into(), "sign up".into()],
                ..Action::default()
            },
            Action {
                id: "demo".into(),
                label: "Book a demo".into(),
                url: "/demo".into(),
                when_asked: vec!["demo".into(), "talk to sales".into()],
                ..Action::default()
            },
        ],
    }
}

#[test]
fn asks_appear_only_at_the_third_distinct_helpful_touch() {
    let asks = asks();
    let mut help = Help::default();
    help.touch(Touch::Helpful("cancel-anytime".into()));
    assert_eq!(help.show_if_due(&asks, false), None);
    help.touch(Touch::Compared);
    assert_eq!(help.show_if_due(&asks, false), None);
    help.touch(Touch::Fitted(Some("team".into())));
    assert_eq!(help.count(), 3);
    assert_eq!(help.show_if_due(&asks, false), Some(Reason::Helped));
    // Shown once: the caller records the ask once.
    assert_eq!(help.show_if_due(&asks, false), None);
    assert_eq!(help.shown(), Some(Reason::Helped));
}

#[test]
fn the_same_touch_twice_counts_once() {
    let asks = asks();
    let mut help = Help::default();
    assert!(help.touch(Touch::Helpful("a".into())));
    assert!(!help.touch(Touch::Helpful("a".into())));
    assert!(help.touch(Touch::Compared));
    assert!(!help.touch(Touch::Compared));
    assert_eq!(help.count(), 2);
    assert_eq!(help.show_if_due(&asks, false), None);
}

#[test]
fn the_compare_view_counts_once_per_visit_however_its_boxes_change() {
    let asks = asks();
    let mut help = Help::default();
    // Opening the view and ticking two boxes are three renders of one view: one touch.
    for _ in 0..3 {
        help.touch(Touch::Compared);
    }
    assert_eq!(help.count(), 1);
    assert_eq!(help.show_if_due(&asks, false), None);
    // Two different fit results are two things that helped; the same result again is not.
    assert!(help.touch(Touch::Fitted(Some("team".into()))));
    assert!(!help.touch(Touch::Fitted(Some("team".into()))));
    assert!(help.touch(Touch::Fitted(None)));
    assert_eq!(help.count(), 3);
}

#[test]
fn a_visitor_who_asks_gets_the_ask_at_once() {
    let asks = asks();
    let mut help = Help::default();
    assert_eq!(help.show_if_due(&asks, true), Some(Reason::Asked));
    assert_eq!(help.count(), 0);
}

#[test]
fn without_calls_to_action_nothing_is_ever_shown() {
    let mut help = Help::default();
    for answer in ["a", "b", "c", "d"] {
        help.touch(Touch::Helpful(answer.into()));
    }
    assert_eq!(help.show_if_due(&Asks::default(), true), None);
}

#[test]
fn requests_are_recognised_in_the_visitors_own_words() {
    let asks = asks();
    let ids = |question: &str| -> Vec<String> {
        requested(question, &asks)
            .iter()
            .map(|a| a.id.clone())
            .collect()
    };
    assert_eq!(ids("Can I book a demo?"), ["demo"]);
    assert_eq!(ids("Do you do demos"), ["demo"]);
    assert_eq!(
        ids("I'd like to talk to sales about a trial"),
        ["trial", "demo"]
    );
    assert_eq!(ids("How do I SIGN UP?"), ["trial"]);
    // Words apart, or a phrase word that only starts the same way inside another word, do not match.
    assert!(ids("Can I sign the contract and start up later?").is_empty());
    assert!(ids("Is my data safe?").is_empty());
}
