//! The answer engine as the widget and the CLI use it: ranking, typos, synonyms, stemming,
//! abstention, passages, suggestions, the FAQ spreadsheet import, and a regression guard on a real
//! question set.
#![cfg(not(target_arch = "wasm32"))]

use helpfirst::answer::{Index, Reply, Source};
use helpfirst::content::csv_import::{faqs_from_csv, read_faqs_csv};
use helpfirst::content::{
    Company, Content, Faq, Feature, Limit, Money, Offering, OfferingKind, Page, Price, PriceModel,
    Section,
};

fn faq(id: &str, question: &str, answer: &str, alternates: &[&str]) -> Faq {
    Faq {
        id: id.into(),
        question: question.into(),
        answer: answer.into(),
        url: format!("/help#{id}"),
        alternates: alternates.iter().map(|s| s.to_string()).collect(),
        tags: Vec::new(),
    }
}

/// A small SaaS company's content: FAQs that share words on purpose, a security page and two plans.
fn content() -> Content {
    Content {
        company: Company { name: "Acme".into(), url: "https://acme.test".into(), language: "en".into() },
        faqs: vec![
            faq(
                "cancel",
                "How do I cancel my subscription?",
                "Open Settings, then Billing, and choose Cancel plan. You keep access until the period ends.",
                &["Can I stop paying for my plan?"],
            ),
            faq(
                "refund",
                "Can I get a refund?",
                "We refund any payment within 30 days, no questions asked.",
                &["money back guarantee"],
            ),
            faq(
                "upgrade",
                "How do I upgrade my subscription to Pro?",
                "Choose Upgrade in Settings; the price difference is prorated.",
                &[],
            ),
            faq(
                "seats",
                "Can I add more team members?",
                "Yes, invite colleagues from the Team page; each seat is billed monthly.",
                &["invite my colleagues"],
            ),
            faq(
                "export",
                "Can I export my data?",
                "Every project can be exported as CSV or JSON at any time.",
                &["download all my projects"],
            ),
            faq(
                "trial",
                "Is there a free trial?",
                "Every plan starts with a 14-day free trial, no card required.",
                &[],
            ),
        ],
        pages: vec![Page {
            id: "security".into(),
            title: "Security".into(),
            url: "/security".into(),
            sections: vec![
                Section {
                    heading: "Encryption".into(),
                    anchor: "encryption".into(),
                    body: "We take security seriously. All customer data is encrypted at rest with \
                           AES-256. Backups run every night. Traffic is encrypted in transit with \
                           TLS 1.3. Our office is in Berlin."
                        .into(),
                },
                Section {
                    heading: "Compliance".into(),
                    anchor: "compliance".into(),
                    body: "We are SOC 2 Type II audited. GDPR requests are handled within 30 days."
                        .into(),
                },
            ],
            tags: Vec::new(),
        }],
        offerings: vec![
            Offering {
                id: "starter".into(),
                name: "Starter".into(),
                kind: OfferingKind::Plan,
                summary: "For freelancers getting started.".into(),
                url: "/pricing#starter".into(),
                price: Price { model: PriceModel::Free, currency: "USD".into(), ..Price::default() },
                limits: vec![Limit { name: "Projects".into(), value: "3".into(), ..Limit::default() }],
                features: vec![Feature {
                    key: "exports".into(),
                    name: "Unlimited exports".into(),
                    value: "yes".into(),
                    ..Feature::default()
                }],
                best_for: "one person".into(),
                not_for: String::new(),
                ..Offering::default()
            },
            Offering {
                id: "pro".into(),
                name: "Pro".into(),
                kind: OfferingKind::Plan,
                summary: "For growing teams that need more projects.".into(),
                url: "/pricing#pro".into(),
                price: Price {
                    model: PriceModel::PerSeat,
                    currency: "USD".into(),
                    monthly: Some(Money::from_cents(1200)),
                    ..Price::default()
                },
                limits: vec![Limit { name: "Projects".into(), value: "unlimited".into(), ..Limit::default() }],
                features: vec![Feature {
                    key: "priority_support".into(),
                    name: "Priority support".into(),
                    value: "yes".into(),
                    ..Feature::default()
                }],
                best_for: "teams of 2 to 50".into(),
                not_for: String::new(),
                ..Offering::default()
            },
        ],
        synonyms: Vec::new(),
        ..Content::default()
    }
}

fn top(reply: &Reply) -> &str {
    reply.answers.first().map_or("<none>", |a| a.id.as_str())
}

#[test]
fn ranking_picks_the_right_faq_over_distractors() {
    let index = Index::new(&content());
    // "subscription" is shared with the upgrade FAQ, "my" with most of them.
    let reply = index.ask("how can I cancel my subscription");
    assert_eq!(top(&reply), "cancel");
    assert!(!reply.abstained, "{reply:?}");
    let best = reply.best().unwrap();
    assert_eq!(best.url, "/help#cancel");
    assert_eq!(best.source, Source::Faq);
    assert!(best.passage.starts_with("Open Settings"));
    assert!(best.confidence > 0.0 && best.confidence <= 1.0);
    assert_eq!(top(&index.ask("upgrade to pro")), "upgrade");
    assert_eq!(top(&index.ask("invite colleagues")), "seats");
    assert_eq!(
        top(&index.ask("do you offer a money back guarantee?")),
        "refund"
    );
    // Scores are best first.
    assert!(reply.answers.windows(2).all(|w| w[0].score >= w[1].score));
}

#[test]
fn stemming_matches_other_forms_of_a_word() {
    let index = Index::new(&content());
    assert_eq!(top(&index.ask("cancelling")), "cancel");
    assert_eq!(top(&index.ask("I cancelled, what now?")), "cancel");
    assert_eq!(top(&index.ask("exporting projects")), "export");
}

#[test]
fn typos_in_longer_words_still_find_the_entry() {
    let index = Index::new(&content());
    assert_eq!(top(&index.ask("cancelation")), "cancel");
    assert_eq!(top(&index.ask("how to end my subscripton")), "cancel");
    assert_eq!(top(&index.ask("colleauges")), "seats");
}

#[test]
fn synonyms_expand_only_when_the_marketer_says_so() {
    let without = Index::new(&content());
    let reply = without.ask("terminate");
    assert!(reply.answers.iter().all(|a| a.id != "cancel"), "{reply:?}");
    assert!(reply.best().is_none());

    let mut with_synonyms = content();
    with_synonyms.synonyms = vec![vec!["cancel".into(), "terminate".into(), "quit".into()]];
    let index = Index::new(&with_synonyms);
    assert_eq!(top(&index.ask("terminate")), "cancel");
    assert_eq!(top(&index.ask("how do I terminate")), "cancel");
    // A synonym match is worth less than the word itself.
    let direct = index.ask("cancel").answers[0].score;
    let expanded = index.ask("terminate").answers[0].score;
    assert!(expanded < direct, "{expanded} should be below {direct}");
}

#[test]
fn abstains_on_an_off_topic_question() {
    let index = Index::new(&content());
    for question in [
        "What is the capital of France?",
        "Do you sell garden furniture?",
        "",
        "???",
    ] {
        let reply = index.ask(question);
        assert!(reply.abstained, "{question:?} should abstain: {reply:?}");
        assert!(reply.best().is_none());
    }
}

#[test]
fn a_page_section_answers_with_its_matching_sentences() {
    let index = Index::new(&content());
    let reply = index.ask("Is my data encrypted in transit?");
    let best = &reply.answers[0];
    assert_eq!(best.id, "security#encryption");
    assert_eq!(best.url, "/security#encryption");
    assert_eq!(best.source, Source::Section);
    assert_eq!(best.title, "Security — Encryption");
    assert!(
        best.passage.contains("encrypted in transit with TLS 1.3."),
        "{}",
        best.passage
    );
    assert!(!best.passage.contains("Berlin"), "{}", best.passage);
    assert!(!best.passage.contains("Backups"), "{}", best.passage);
}

#[test]
fn an_offering_answers_with_its_price_and_limits() {
    let index = Index::new(&content());
    let reply = index.ask("How much is the Pro plan for teams?");
    let best = reply
        .answers
        .iter()
        .find(|a| a.id == "pro")
        .expect("pro is a candidate");
    assert_eq!(best.source, Source::Offering);
    assert!(
        best.passage.contains("USD 12.00 per seat per month"),
        "{}",
        best.passage
    );
    assert!(
        best.passage.contains("Projects unlimited"),
        "{}",
        best.passage
    );
}

#[test]
fn folds_case_and_accents() {
    let index = Index::new(&content());
    assert_eq!(top(&index.ask("CANCEL MY SUBSCRIPTIÖN")), "cancel");
}

#[test]
fn related_questions_are_other_close_matches() {
    let index = Index::new(&content());
    let reply = index.ask("subscription");
    assert!(reply.related.len() <= 3);
    let best = reply.answers[0].title.clone();
    assert!(!reply.related.contains(&best) || reply.abstained);
}

#[test]
fn suggests_questions_while_typing() {
    let index = Index::new(&content());
    let suggestions = index.suggest("cancel my sub", 5);
    assert_eq!(
        suggestions.first().map(String::as_str),
        Some("How do I cancel my subscription?")
    );
    let suggestions = index.suggest("exp", 5);
    assert!(
        suggestions.contains(&"Can I export my data?".to_string()),
        "{suggestions:?}"
    );
    assert!(index.suggest("zzz", 5).is_empty());
    assert!(index.suggest("", 5).is_empty());
    assert!(index.suggest("can", 2).len() <= 2);
}

#[test]
fn csv_import_reports_every_bad_row_with_file_line_and_field_and_keeps_good_rows() {
    let text = "\
id,question,answer,url,alternates,tags
refund,Can I get a refund?,Within 30 days.,/refund,money back | return it,billing
,No id here?,Some answer.,/x,,
trial,Is there a trial?,\"Yes,
14 days.\",/trial,,
refund,Duplicate?,Again.,/refund2,,
export,,Data export answer.,/export,,
seats,Seats?,,/seats,,
";
    let errors = faqs_from_csv(text, "faq.csv").unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "faq.csv:3: id: is empty",
            "faq.csv:6: id: duplicate id `refund` (first used on line 2)",
            "faq.csv:7: question: is empty",
            "faq.csv:8: answer: is empty",
        ]
    );
    let import = read_faqs_csv(text, "faq.csv");
    let ids: Vec<&str> = import.faqs.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["refund", "trial"]);
    assert_eq!(import.faqs[0].alternates, ["money back", "return it"]);
    assert_eq!(import.faqs[0].tags, ["billing"]);
    assert_eq!(import.faqs[1].answer, "Yes,\n14 days.");
    assert_eq!(import.errors.len(), 4);
}

/// Top-1 accuracy and answered rate over the questions of `questions` that have an entry in `faq`.
fn measure(faq: &std::path::Path, questions: &std::path::Path) -> (f64, f64) {
    let faq_text = std::fs::read_to_string(faq).unwrap();
    let faqs = faqs_from_csv(&faq_text, "faq.csv").unwrap();
    let content = Content {
        faqs,
        ..Content::default()
    };
    let index = Index::new(&content);
    let mut reader = csv::Reader::from_path(questions).unwrap();
    let (mut answerable, mut right, mut answered) = (0usize, 0usize, 0usize);
    for record in reader.records() {
        let record = record.unwrap();
        let (query, expected) = (&record[0], &record[1]);
        if expected.is_empty() {
            continue;
        }
        let reply = index.ask(query);
        answerable += 1;
        right += usize::from(reply.answers.first().is_some_and(|a| a.id == expected));
        answered += usize::from(!reply.abstained);
    }
    (
        right as f64 / answerable as f64,
        answered as f64 / answerable as f64,
    )
}

/// A regression guard on a real question set (BANKING77-derived): below the engine's measured
/// figures so it only fails on a real regression.
#[test]
fn banking77_dev_set_stays_above_the_regression_guard() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/banking77");
    if !dir.is_dir() {
        println!("skipping: {} is absent", dir.display());
        return;
    }
    let (top1, answered) = measure(&dir.join("faq.csv"), &dir.join("dev-questions.csv"));
    println!("banking77: top-1 {top1:.3}, answered {answered:.3}");
    assert!(top1 >= 0.60, "top-1 {top1:.3}");
    assert!(answered >= 0.95, "answered {answered:.3}");
}

/// The same guard on the second domain the engine was not tuned on (CLINC150-derived, committed
/// with the benchmark): measured 70.1% top-1, answering 94.6%.
#[test]
fn clinc150_set_stays_above_the_regression_guard() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/answers/sets/clinc150");
    let (top1, answered) = measure(&dir.join("faq.csv"), &dir.join("questions.csv"));
    println!("clinc150: top-1 {top1:.3}, answered {answered:.3}");
    assert!(top1 >= 0.66, "top-1 {top1:.3}");
    assert!(answered >= 0.90, "answered {answered:.3}");
}
