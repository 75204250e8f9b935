//! The marketer's help-first report: what prospects needed, where the content failed them, and
//! whether the widget helped before it asked.
//!
//! Key decision: the report is computed from the stored events when it is asked for, with no
//! tables of its own, so it can never drift from what was recorded and there is nothing to
//! migrate. Every figure is a [`Table`] first; the terminal, the CSV export and the HTML page
//! (with its SVG charts) all render those same tables.

mod gaps;
pub mod html;
mod replies;
mod table;

pub use gaps::{group as group_gaps, Gap};
pub use table::{spreadsheet_safe, Table};

use crate::collector::{Filter, Row, Store};
use crate::content::check::normalize;
use crate::content::date::Date;
use crate::notify::Delivery;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Days to report on, both included; `None` is open-ended. Days are UTC on every store: they are
/// compared with `received_at`, the collector's clock in UTC as RFC 3339 text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Range {
    pub since: Option<String>,
    pub until: Option<String>,
}

impl Range {
    /// Reads `YYYY-MM-DD` dates, naming the one that is wrong.
    pub fn parse(since: Option<&str>, until: Option<&str>) -> Result<Range, Vec<String>> {
        let mut problems = Vec::new();
        let mut read = |name: &str, value: Option<&str>| {
            let value = value.filter(|v| !v.is_empty())?;
            match Date::parse(value) {
                Ok(_) => Some(value.to_string()),
                Err(message) => {
                    problems.push(format!("{name}: {message}"));
                    None
                }
            }
        };
        let range = Range {
            since: read("since", since),
            until: read("until", until),
        };
        if let (Some(since), Some(until)) = (&range.since, &range.until) {
            if since > until {
                problems.push(format!("until: {until} is before since {since}"));
            }
        }
        if problems.is_empty() {
            Ok(range)
        } else {
            Err(problems)
        }
    }

    /// The collector's filter: `received_at` is RFC 3339 text, compared as text. `until` ends
    /// with its day: `DATE` + `T24` sorts after every time on that day and before the next day.
    fn filter(&self) -> Filter {
        Filter {
            since: self.since.clone(),
            until: self.until.as_ref().map(|day| format!("{day}T24")),
            event: None,
        }
    }

    pub fn describe(&self) -> String {
        match (&self.since, &self.until) {
            (None, None) => "all time".to_string(),
            (Some(since), None) => format!("from {since}"),
            (None, Some(until)) => format!("until {until}"),
            (Some(since), Some(until)) => format!("{since} to {until}"),
        }
    }
}

/// The headline figures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub questions: usize,
    pub answered: usize,
    pub unanswered: usize,
    pub rated_helpful: usize,
    pub rated_unhelpful: usize,
    pub comparisons: usize,
    pub fits: usize,
    /// Fit results recommending one of our plans; the rest recommended elsewhere or nothing.
    pub fits_ours: usize,
    pub visits_asked: usize,
    /// Median helpful touches before the first call to action of a visit.
    pub median_help_before_ask: Option<f64>,
    /// Visits where the visitor asked for the call to action themselves.
    pub asks_requested: usize,
    pub asks_followed: usize,
    pub handoffs: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub range: Range,
    pub summary: Summary,
    pub tables: Vec<Table>,
}

impl Report {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|table| table.name == name)
    }

    /// The whole report as text, for `helpfirst report`.
    pub fn text(&self) -> String {
        let s = &self.summary;
        let mut out = format!(
            "helpfirst report, {}\n\n\
             Questions: {} ({} answered, {} not answered)\n\
             Answers rated: {} helpful, {} not helpful\n\
             Comparisons viewed: {}; fit results: {} ({} ours, {} elsewhere or nothing)\n\
             Visits shown a call to action: {} (median helpful touches before it: {}; {} asked for it; {} followed one)\n\
             Handoffs to a person: {}\n",
            self.range.describe(),
            s.questions,
            s.answered,
            s.unanswered,
            s.rated_helpful,
            s.rated_unhelpful,
            s.comparisons,
            s.fits,
            s.fits_ours,
            s.fits - s.fits_ours,
            s.visits_asked,
            s.median_help_before_ask
                .map_or("n/a".to_string(), |m| format!("{m}")),
            s.asks_requested,
            s.asks_followed,
            s.handoffs,
        );
        for table in &self.tables {
            out.push('\n');
            out.push_str(&table.text());
        }
        out
    }
}

/// Reads the events in `range` from the store and builds the report.
pub fn read(store: &Store, range: &Range, language: &str) -> Result<Report, String> {
    let rows = store.rows(&range.filter())?;
    let deliveries = store.deliveries()?;
    Ok(build_with_deliveries(
        &rows,
        range.clone(),
        language,
        &deliveries,
    ))
}

/// Each handoff's notifications by its event's `messageId`: channel and where it stands.
pub type Deliveries = BTreeMap<String, Vec<(String, Delivery)>>;

/// One stored event, as the report needs it.
struct Event<'r> {
    message_id: &'r str,
    name: &'r str,
    properties: Value,
    received_at: &'r str,
    /// The visitor's anonymous id: joins a rating to the reply it rates.
    visitor: Option<&'r str>,
}

impl Event<'_> {
    fn text(&self, key: &str) -> Option<&str> {
        self.properties.get(key)?.as_str()
    }

    fn count(&self, key: &str) -> Option<u64> {
        self.properties.get(key)?.as_f64().map(|n| n as u64)
    }
}

/// The report for these stored rows (in the order received), as a store without notifications
/// would give it.
pub fn build(rows: &[Row], range: Range, language: &str) -> Report {
    build_with_deliveries(rows, range, language, &Deliveries::new())
}

/// The report for these stored rows, with each handoff's delivery state.
pub fn build_with_deliveries(
    rows: &[Row],
    range: Range,
    language: &str,
    deliveries: &Deliveries,
) -> Report {
    let events: Vec<Event> = rows
        .iter()
        .filter_map(|row| {
            Some(Event {
                message_id: &row.message_id,
                name: row.event.as_deref()?,
                properties: serde_json::from_str(row.properties.as_deref()?).ok()?,
                received_at: &row.received_at,
                visitor: row.anonymous_id.as_deref(),
            })
        })
        .collect();
    let of = |name: &'static str| events.iter().filter(move |e| e.name == name);
    let questions = questions(&events);
    let replies = replies::replies(&events);
    // Content gaps: no answer, a doubtful one, or one its visitor said did not help.
    let unanswered = count_by(replies.iter().filter(|r| r.is_gap()).map(|r| r.question));
    let gaps = group_gaps(&sorted_counts(unanswered), language);
    let (answers, rated_helpful, rated_unhelpful) = answers(&events);
    let comparisons = count_by(of("Comparison Viewed").filter_map(|e| {
        let options = e.properties.get("options")?.as_array()?;
        Some(
            options
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        )
    }));
    let fits = count_by(of("Fit Recommended").map(|e| {
        let outcome = match e.text("relation").unwrap_or_default() {
            "ours" => "One of our plans",
            "our_other_plan" => "Another of our plans",
            "alternative" => "An alternative (not ours)",
            _ => "Nothing fits",
        };
        format!("{outcome}\t{}", e.text("option_id").unwrap_or("—"))
    }));
    let visits = visits(&events);
    let before_ask: Vec<u64> = visits.values().filter_map(|v| v.help_before_ask).collect();
    let summary = Summary {
        questions: of("Question Asked").count(),
        answered: of("Answer Shown").count(),
        unanswered: of("No Answer").count(),
        rated_helpful,
        rated_unhelpful,
        comparisons: of("Comparison Viewed").count(),
        fits: of("Fit Recommended").count(),
        fits_ours: of("Fit Recommended")
            .filter(|e| matches!(e.text("relation"), Some("ours" | "our_other_plan")))
            .count(),

        visits_asked: before_ask.len(),
        median_help_before_ask: median(before_ask),
        asks_requested: visits.values().filter(|v| v.asked_for).count(),
        asks_followed: visits.values().filter(|v| v.followed).count(),
        handoffs: of("Handoff Requested").count(),
    };
    let tables = vec![
        Table {
            name: "questions",
            title: "Top questions",
            about: "What prospects asked, most asked first, and whether the content answered it.",
            columns: vec!["question", "asked", "answered", "not answered"],
            rows: questions,
        },
        Table {
            name: "gaps",
            title: "Content gaps",
            about: "Questions the content could not answer, answered with low confidence, or whose answer did not help, grouped by what they ask about: the pages or FAQs to write next.",
            columns: vec!["question without a good answer", "asked", "also asked as"],
            rows: gaps
                .iter()
                .map(|gap| vec![gap.label.clone(), gap.count.to_string(), gap.examples.join(" | ")])
                .collect(),
        },
        Table {
            name: "replies",
            title: "Every question and the answer it got",
            about: "Each question with the answer shown (or none), its confidence, what answered it (the answer service or the widget alone) and the visitor's rating: wrong answers show here, not only missing ones.",
            columns: vec!["received", "question", "answer", "confidence", "answered by", "rating"],
            rows: replies.iter().map(replies::Reply::row).collect(),
        },
        Table {
            name: "answers",
            title: "Helpfulness per answer",
            about: "How often each answer was shown and what visitors said when asked \"Did this help?\".",
            columns: vec!["answer", "shown", "helpful", "not helpful", "helpful rate"],
            rows: answers,
        },
        Table {
            name: "comparisons",
            title: "Comparisons viewed",
            about: "Which options prospects put side by side.",
            columns: vec!["options", "views"],
            rows: sorted_counts(comparisons)
                .into_iter()
                .map(|(options, n)| vec![options, n.to_string()])
                .collect(),
        },
        Table {
            name: "fits",
            title: "Fit finder outcomes",
            about: "What the fit finder recommended: ours, or honestly, something else.",
            columns: vec!["outcome", "option", "times"],
            rows: sorted_counts(fits)
                .into_iter()
                .map(|(key, n)| {
                    let (outcome, option) = key.split_once('\t').unwrap_or((&key, ""));
                    vec![outcome.to_string(), option.to_string(), n.to_string()]
                })
                .collect(),
        },
        Table {
            name: "visits",
            title: "Help before the ask, per visit",
            about: "For each visit shown a call to action or handed to a person: how many times it had been helped first.",
            columns: vec![
                "visit",
                "helped before the ask",
                "why the ask appeared",
                "followed a call to action",
                "asked a person",
            ],
            rows: visit_rows(&visits),
        },
        Table {
            name: "handoffs",
            title: "Handoffs to a person",
            about: "Questions sent to a named person, with the address to reply to (given with the visitor's consent), and whether the person was told.",
            columns: vec!["received", "person", "email", "question", "helped before", "delivery"],
            rows: of("Handoff Requested")
                .map(|e| {
                    vec![
                        e.received_at.to_string(),
                        e.text("person").unwrap_or_default().to_string(),
                        e.text("email").unwrap_or_default().to_string(),
                        e.text("question").unwrap_or_default().to_string(),
                        e.count("help_count").map_or(String::new(), |n| n.to_string()),
                        delivery(deliveries.get(e.message_id)),
                    ]
                })
                .collect(),
        },
    ];
    Report {
        range,
        summary,
        tables,
    }
}

/// Top questions: asked, answered and not answered per normalised question, labelled with the
/// phrasing asked most often.
fn questions(events: &[Event]) -> Vec<Vec<String>> {
    #[derive(Default)]
    struct Tally {
        asked: usize,
        answered: usize,
        unanswered: usize,
        phrasings: HashMap<String, usize>,
    }
    let mut tallies: HashMap<String, Tally> = HashMap::new();
    for event in events {
        let Some(question) = event.text("question") else {
            continue;
        };
        let tally = tallies.entry(normalize(question)).or_default();
        match event.name {
            "Question Asked" => {
                tally.asked += 1;
                *tally.phrasings.entry(question.to_string()).or_default() += 1;
            }
            "Answer Shown" => tally.answered += 1,
            "No Answer" => tally.unanswered += 1,
            _ => {}
        }
    }
    let mut rows: Vec<(String, Tally)> = tallies
        .into_values()
        .filter(|t| t.asked > 0)
        .map(|t| {
            let label = sorted_counts(t.phrasings.clone())
                .into_iter()
                .next()
                .map(|(phrasing, _)| phrasing)
                .unwrap_or_default();
            (label, t)
        })
        .collect();
    rows.sort_by(|a, b| b.1.asked.cmp(&a.1.asked).then_with(|| a.0.cmp(&b.0)));
    rows.into_iter()
        .map(|(label, t)| {
            vec![
                label,
                t.asked.to_string(),
                t.answered.to_string(),
                t.unanswered.to_string(),
            ]
        })
        .collect()
}

/// Helpfulness per answer, and the totals of ratings.
fn answers(events: &[Event]) -> (Vec<Vec<String>>, usize, usize) {
    let mut tallies: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for event in events {
        let Some(id) = event.text("answer_id") else {
            continue;
        };
        let tally = tallies.entry(id).or_default();
        match (
            event.name,
            event.properties.get("helpful").and_then(Value::as_bool),
        ) {
            ("Answer Shown", _) => tally[0] += 1,
            ("Answer Rated", Some(true)) => tally[1] += 1,
            ("Answer Rated", Some(false)) => tally[2] += 1,
            _ => {}
        }
    }
    let (yes, no) = tallies
        .values()
        .fold((0, 0), |(yes, no), t| (yes + t[1], no + t[2]));
    let mut rows: Vec<Vec<String>> = tallies
        .into_iter()
        .filter(|(_, t)| t.iter().any(|n| *n > 0))
        .map(|(id, [shown, yes, no])| {
            // An answer nobody rated has no rate: 0% would accuse it of something unknown.
            let rate = if yes + no == 0 {
                "not rated".to_string()
            } else {
                format!("{:.0}%", 100.0 * yes as f64 / (yes + no) as f64)
            };
            vec![
                id.to_string(),
                shown.to_string(),
                yes.to_string(),
                no.to_string(),
                rate,
            ]
        })
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row[1].parse::<usize>().unwrap_or(0)));
    (rows, yes, no)
}

/// What one visit did, as far as the ask is concerned.
#[derive(Default)]
struct Visit {
    /// Helpful touches when the first call to action appeared.
    help_before_ask: Option<u64>,
    asked_for: bool,
    followed: bool,
    handed_off: bool,
    /// When the visit first did any of these: visits are listed in that order.
    first_seen: String,
}

fn visits(events: &[Event]) -> BTreeMap<String, Visit> {
    let mut visits: BTreeMap<String, Visit> = BTreeMap::new();
    for event in events {
        // Every event of a visit carries its id; only these three make it a visit of this table.
        let ask = matches!(
            event.name,
            "Call To Action Shown" | "Call To Action Clicked" | "Handoff Requested"
        );
        let Some(id) = event.text("visit_id").filter(|_| ask) else {
            continue;
        };
        let visit = visits.entry(id.to_string()).or_insert_with(|| Visit {
            first_seen: event.received_at.to_string(),
            ..Visit::default()
        });
        match event.name {
            "Call To Action Shown" if visit.help_before_ask.is_none() => {
                visit.help_before_ask = event.count("help_count");
                visit.asked_for = event.text("reason") == Some("asked");
            }
            "Call To Action Clicked" => visit.followed = true,
            "Handoff Requested" => visit.handed_off = true,
            _ => {}
        }
    }
    visits
}

fn visit_rows(visits: &BTreeMap<String, Visit>) -> Vec<Vec<String>> {
    let mut listed: Vec<(&String, &Visit)> = visits.iter().collect();
    listed.sort_by(|a, b| a.1.first_seen.cmp(&b.1.first_seen));
    let yes_no = |flag: bool| if flag { "yes" } else { "no" }.to_string();
    listed
        .into_iter()
        .map(|(id, visit)| {
            vec![
                id.chars().take(8).collect(),
                visit
                    .help_before_ask
                    .map_or("no ask shown".to_string(), |n| n.to_string()),
                match (visit.help_before_ask, visit.asked_for) {
                    (None, _) => String::new(),
                    (Some(_), true) => "the visitor asked".to_string(),
                    (Some(_), false) => "helped enough".to_string(),
                },
                yes_no(visit.followed),
                yes_no(visit.handed_off),
            ]
        })
        .collect()
}

/// "email: delivered 2026-11-30 09:12Z; webhook: pending (2 attempts, next try ...)".
fn delivery(channels: Option<&Vec<(String, Delivery)>>) -> String {
    let Some(channels) = channels.filter(|channels| !channels.is_empty()) else {
        return "not sent: the collector has no notification settings (--notify)".to_string();
    };
    let short = |at: &str| {
        at.replacen('T', " ", 1)
            .chars()
            .take(16)
            .collect::<String>()
            + " UTC"
    };
    channels
        .iter()
        .map(|(channel, state)| match state {
            Delivery::Delivered { at } => format!("{channel}: delivered {}", short(at)),
            Delivery::Pending { attempts: 0, .. } => format!("{channel}: pending, not tried yet"),
            Delivery::Pending {
                attempts,
                next_try_at,
                last_error,
            } => format!(
                "{channel}: pending, {attempts} attempt{}, next try {}{}",
                if *attempts == 1 { "" } else { "s" },
                short(next_try_at),
                last_error
                    .as_ref()
                    .map_or(String::new(), |error| format!(" (last error: {error})"))
            ),
            Delivery::Failed { at, reason } => {
                format!("{channel}: FAILED {} ({reason})", short(at))
            }
            Delivery::Skipped { reason } => format!("{channel}: not sent ({reason})"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn count_by<'a>(keys: impl Iterator<Item = impl Into<String> + 'a>) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for key in keys {
        *counts.entry(key.into()).or_default() += 1;
    }
    counts
}

/// Most frequent first; ties in text order, so the report is the same on every run.
fn sorted_counts(counts: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
}

fn median(mut values: Vec<u64>) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    }
}
