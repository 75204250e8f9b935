//! The delivery policy: batching, retries, the bound on stored events, and tab ownership.
#![cfg(not(target_arch = "wasm32"))]

use helpfirst::events::outbox::{retry_delay, Envelope, Outbox, Outcome, Policy};

fn policy() -> Policy {
    Policy::default()
}

fn envelope() -> Envelope {
    Envelope {
        write_key: String::new(),
        sent_at: "2026-11-23T10:00:00.000Z".into(),
    }
}

fn outbox_with(count: usize) -> Outbox {
    let mut outbox = Outbox::default();
    for n in 0..count {
        outbox.push(
            &policy(),
            format!("m-{n}"),
            format!("{{\"messageId\":\"m-{n}\"}}"),
            0.0,
        );
    }
    outbox
}

/// `count` events whose first send failed at `failed_at` with a retryable answer (no Retry-After),
/// with the most jitter, so they are backing off.
fn backing_off(count: usize, failed_at: f64) -> Outbox {
    let mut outbox = outbox_with(count);
    let sending = outbox.take(&policy(), 0.0, true, &envelope()).unwrap();
    let outcome = Outcome::Retry { after_ms: None };
    outbox.settle(&policy(), &sending.ids, outcome, failed_at, 1.0);
    outbox
}

fn ids(outbox: &Outbox) -> Vec<&str> {
    outbox
        .entries
        .iter()
        .map(|entry| entry.id.as_str())
        .collect()
}

#[test]
fn a_batch_is_valid_json_carrying_every_event_and_the_send_time() {
    let mut outbox = outbox_with(3);
    let sending = outbox.take(&policy(), 0.0, true, &envelope()).unwrap();
    let body: serde_json::Value = serde_json::from_str(&sending.body).unwrap();
    assert_eq!(body["batch"].as_array().unwrap().len(), 3);
    assert_eq!(body["batch"][2]["messageId"], "m-2");
    assert_eq!(body["sentAt"], "2026-11-23T10:00:00.000Z");
    assert!(body.get("writeKey").is_none());
    assert_eq!(sending.ids, ["m-0", "m-1", "m-2"]);
}

#[test]
fn the_write_key_and_the_dropped_count_travel_in_the_body() {
    let small = Policy {
        capacity: 2,
        ..policy()
    };
    let mut outbox = Outbox::default();
    for n in 0..5 {
        outbox.push(&small, format!("m-{n}"), "{}".into(), 0.0);
    }
    assert_eq!(ids(&outbox), ["m-3", "m-4"], "the oldest are dropped first");
    let envelope = Envelope {
        write_key: "key \"quoted\"".into(),
        ..envelope()
    };
    let sending = outbox.take(&small, 0.0, true, &envelope).unwrap();
    let body: serde_json::Value = serde_json::from_str(&sending.body).unwrap();
    assert_eq!(body["writeKey"], "key \"quoted\"");
    assert_eq!(body["dropped"], 3);
    outbox.settle(&small, &sending.ids, Outcome::Delivered, 1.0, 0.5);
    assert_eq!(
        outbox.dropped, 0,
        "a delivered batch has reported the count"
    );
    assert!(outbox.entries.is_empty());
}

#[test]
fn batches_respect_the_count_and_byte_limits() {
    let mut outbox = outbox_with(45);
    let first = outbox.take(&policy(), 0.0, true, &envelope()).unwrap();
    assert_eq!(first.ids.len(), 20);
    let second = outbox.take(&policy(), 0.0, true, &envelope()).unwrap();
    assert_eq!(
        second.ids.first().map(String::as_str),
        Some("m-20"),
        "in flight is not resent"
    );

    let tight = Policy {
        batch_bytes: 200,
        ..policy()
    };
    let mut outbox = Outbox::default();
    for n in 0..4 {
        outbox.push(
            &tight,
            format!("m-{n}"),
            format!("\"{}\"", "x".repeat(60)),
            0.0,
        );
    }
    let sending = outbox.take(&tight, 0.0, true, &envelope()).unwrap();
    assert!(sending.body.len() <= 200, "{} bytes", sending.body.len());
    assert_eq!(sending.ids.len(), 2);
}

#[test]
fn an_event_larger_than_the_byte_limit_still_goes_alone() {
    let tight = Policy {
        batch_bytes: 50,
        ..policy()
    };
    let mut outbox = Outbox::default();
    outbox.push(
        &tight,
        "big".into(),
        format!("\"{}\"", "x".repeat(100)),
        0.0,
    );
    let sending = outbox.take(&tight, 0.0, true, &envelope()).unwrap();
    assert_eq!(sending.ids, ["big"]);
}

#[test]
fn only_network_errors_408_429_and_5xx_are_retried() {
    assert_eq!(Outcome::from_status(200, None), Outcome::Delivered);
    assert_eq!(Outcome::from_status(204, None), Outcome::Delivered);
    for status in [408, 429, 500, 502, 503] {
        assert!(
            matches!(Outcome::from_status(status, None), Outcome::Retry { .. }),
            "{status}"
        );
    }
    for status in [400, 401, 403, 404, 413] {
        assert_eq!(
            Outcome::from_status(status, None),
            Outcome::Rejected,
            "{status}"
        );
    }
    assert_eq!(
        Outcome::from_status(429, Some("7")),
        Outcome::Retry {
            after_ms: Some(7_000.0)
        }
    );
    assert_eq!(
        Outcome::from_status(503, Some("Wed, 21 Oct 2026 07:28:00 GMT")),
        Outcome::Retry { after_ms: None },
        "an HTTP date is ignored rather than misread"
    );
    assert_eq!(
        Outcome::from_status(503, Some(" 120 ")),
        Outcome::Retry {
            after_ms: Some(120_000.0)
        }
    );
    for not_seconds in ["-5", "2.5", "soon"] {
        assert_eq!(
            Outcome::from_status(429, Some(not_seconds)),
            Outcome::Retry { after_ms: None },
            "{not_seconds:?} is not HTTP's delay-seconds"
        );
    }
}

#[test]
fn backoff_doubles_with_jitter_and_is_capped() {
    let policy = policy();
    assert_eq!(retry_delay(&policy, 0, 1.0), 500.0);
    assert_eq!(retry_delay(&policy, 0, 0.0), 250.0);
    assert_eq!(retry_delay(&policy, 3, 1.0), 4_000.0);
    assert_eq!(retry_delay(&policy, 20, 1.0), 60_000.0);
    assert_eq!(retry_delay(&policy, 20, 0.0), 30_000.0);
}

#[test]
fn a_retried_batch_waits_for_its_backoff_and_keeps_its_events() {
    let mut outbox = backing_off(2, 1_000.0);
    assert_eq!(ids(&outbox), ["m-0", "m-1"]);
    assert!(
        outbox.take(&policy(), 1_400.0, true, &envelope()).is_none(),
        "still backing off"
    );
    assert_eq!(outbox.next_send_at(&policy()), Some(1_500.0));
    assert!(outbox.take(&policy(), 1_500.0, true, &envelope()).is_some());
}

#[test]
fn retry_after_is_honoured_when_longer_than_the_backoff() {
    let mut outbox = outbox_with(1);
    let sending = outbox.take(&policy(), 0.0, true, &envelope()).unwrap();
    let outcome = Outcome::Retry {
        after_ms: Some(10_000.0),
    };
    outbox.settle(&policy(), &sending.ids, outcome, 0.0, 1.0);
    assert_eq!(outbox.next_send_at(&policy()), Some(10_000.0));
}

#[test]
fn when_the_page_goes_away_backing_off_events_are_sent_anyway() {
    let mut outbox = backing_off(1, 0.0);
    assert!(outbox.take(&policy(), 1.0, true, &envelope()).is_none());
    assert!(outbox.take(&policy(), 1.0, false, &envelope()).is_some());
}

#[test]
fn coming_back_online_makes_everything_sendable_at_once() {
    let mut outbox = backing_off(1, 0.0);
    outbox.retry_now(5.0);
    assert!(outbox.take(&policy(), 5.0, true, &envelope()).is_some());
}

#[test]
fn a_rejected_batch_is_split_so_good_events_are_not_lost() {
    let mut outbox = outbox_with(3);
    let sending = outbox.take(&policy(), 0.0, true, &envelope()).unwrap();
    outbox.settle(&policy(), &sending.ids, Outcome::Rejected, 0.0, 0.5);
    assert_eq!(
        outbox.entries.len(),
        3,
        "nothing given up after a batch rejection"
    );
    let mut bodies = Vec::new();
    for expected in ["m-0", "m-1", "m-2"] {
        let alone = outbox.take(&policy(), 0.0, true, &envelope()).unwrap();
        assert_eq!(alone.ids, [expected]);
        let outcome = if expected == "m-1" {
            Outcome::Rejected
        } else {
            Outcome::Delivered
        };
        outbox.settle(&policy(), &alone.ids, outcome, 0.0, 0.5);
        bodies.push(alone.body);
    }
    assert!(outbox.entries.is_empty());
    assert!(
        bodies[2].contains("\"dropped\":1"),
        "only the event rejected on its own is given up, and the next request reports it: {}",
        bodies[2]
    );
    assert_eq!(outbox.dropped, 0);
}

#[test]
fn new_events_linger_to_share_a_request_unless_a_batch_is_full() {
    let mut outbox = Outbox::default();
    outbox.push(&policy(), "a".into(), "{}".into(), 100.0);
    assert_eq!(outbox.next_send_at(&policy()), Some(1_100.0));
    let full = outbox_with(20);
    assert_eq!(full.next_send_at(&policy()), Some(0.0));
    assert_eq!(Outbox::default().next_send_at(&policy()), None);
}

#[test]
fn another_tab_takes_over_only_a_released_or_expired_outbox() {
    let policy = policy();
    let live = Outbox {
        heartbeat: 1_000.0,
        ..outbox_with(2)
    };
    assert!(!live.is_orphaned(&policy, 60_000.0));
    assert!(live.is_orphaned(&policy, 1_000.0 + policy.lease_ms + 1.0));
    let released = Outbox {
        released: true,
        heartbeat: 1_000.0,
        ..outbox_with(2)
    };
    assert!(released.is_orphaned(&policy, 1_001.0));

    let mut mine = outbox_with(1);
    mine.adopt(&policy, released, 2_000.0);
    assert_eq!(
        ids(&mine),
        ["m-0", "m-1"],
        "an event already here is not doubled"
    );
}

#[test]
fn the_stored_form_round_trips_and_forgets_what_was_in_flight() {
    let mut outbox = outbox_with(2);
    outbox.take(&policy(), 0.0, true, &envelope());
    let stored = serde_json::to_string(&outbox).unwrap();
    let restored: Outbox = serde_json::from_str(&stored).unwrap();
    assert_eq!(restored.entries.len(), 2);
    assert!(restored.entries.iter().all(|entry| !entry.in_flight));
    assert!(stored.contains("\"notBefore\""), "{stored}");
}
