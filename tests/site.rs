//! `helpfirst build --site` and `--sitemap`: the company's built pages become sections with their
//! anchors, main content only; FAQPage JSON-LD becomes FAQs and a complete Product an offering;
//! hand-written content wins and `check` reports conflicts; a rebuild says what changed; a page
//! that fails is listed and never stops the others; a sitemap's pages are fetched from a real
//! HTTP server on loopback, honouring robots.txt.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use helpfirst::content::Content;
use helpfirst::site::{self, extract::Ignore, fetch::Polite, Source};
use std::fs;
use std::path::{Path, PathBuf};
use support::helpfirst;

fn folder(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("helpfirst-site-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn index(dir: &Path) -> site::SiteIndex {
    site::read(
        &[Source::Folder(dir.to_path_buf())],
        &Ignore::default(),
        &Polite::default(),
        false,
    )
    .unwrap()
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www")
}

fn all_text(content: &site::SiteIndex) -> String {
    let mut text = String::new();
    for page in &content.pages {
        for section in &page.sections {
            text.push_str(&format!("{}\n{}\n", section.heading, section.body));
        }
    }
    text
}

#[test]
fn the_demo_site_becomes_anchored_sections_and_its_faq_json_ld_becomes_faqs() {
    let site = index(&demo());
    assert!(site.failures.is_empty(), "{:?}", site.failures);
    assert!(
        site.notes.is_empty(),
        "every demo heading has an anchor: {:?}",
        site.notes
    );
    assert_eq!(site.faqs.len(), 52);
    let refunds = site.faqs.iter().find(|f| f.id == "refund-policy").unwrap();
    assert_eq!(refunds.question, "Do you give refunds?");
    assert_eq!(refunds.url, "/faq.html#refund-policy");

    let pricing = site
        .pages
        .iter()
        .find(|p| p.url == "/pricing.html")
        .unwrap();
    let seats = pricing
        .sections
        .iter()
        .find(|s| s.anchor == "seats")
        .unwrap();
    assert_eq!(seats.heading, "How seats work");
    assert!(seats.body.contains("seat"), "{}", seats.body);
    // Questions the FAQPage answers are indexed once, as FAQs, not again as sections.
    let faq_page = site.pages.iter().find(|p| p.url == "/faq.html").unwrap();
    let headings: Vec<&str> = faq_page
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(
        headings,
        ["Frequently asked questions", "Didn't find your answer?"]
    );
    // Navigation, the site header and footer and the skip link are not content.
    let text = all_text(&site);
    for furniture in [
        "Skip to main content",
        "Product Pricing Offline",
        "Kestrel Labs Ltd",
    ] {
        assert!(!text.contains(furniture), "`{furniture}` was indexed");
    }
}

#[test]
fn only_the_main_content_is_indexed_and_the_marketers_marks_are_honoured() {
    let page = r#"<!doctype html><html><head><title>Plans</title>
<script>var tracking = "SCRIPTTEXT";</script></head><body>
<header><a href="/">Acme</a> HEADERTEXT</header>
<nav><a href="/a">NAVTEXT</a></nav>
<div class="cookie-banner">We use cookies COOKIETEXT <button>OK</button></div>
<main>
  <h1 id="plans">Plans</h1>
  <p>Our plans, stated plainly.</p>
  <div data-helpfirst-ignore><p>IGNOREDTEXT</p></div>
  <section id="team"><h2>Team plan</h2><p>Eight dollars per seat, <em>billed</em> monthly.</p></section>
  <h2>No anchor here</h2><p>Text under a heading without an id.</p>
  <p>A sentence about cookies in the content stays.</p>
</main>
<footer>FOOTERTEXT</footer>
</body></html>"#;
    let marked = r#"<html><head><title>Marked</title></head><body>
<div><h2 id="out">Outside</h2><p>OUTSIDETEXT</p></div>
<div data-helpfirst-body><h2 id="in">Inside</h2><p>Only this part.</p></div></body></html>"#;
    let legacy = r#"<html><head><title>Limits</title></head><body><main>
<p>These are the limits of the service.</p>
<a name="length"></a><p><b>Longest text</b></p><p>One billion bytes.</p>
<a name="columns"></a><p><b>Columns:</b> 2000 per table.</p></main></body></html>"#;
    let hidden = r#"<html><head><meta name="robots" content="noindex, follow"><title>Secret</title></head>
<body><main><p>SECRETTEXT</p></main></body></html>"#;
    let dir = folder(
        "main",
        &[
            ("plans.html", page),
            ("docs/marked.html", marked),
            ("hidden.html", hidden),
            ("limits.html", legacy),
            (
                "internal.html",
                r#"<html><head><meta name="helpfirst" content="noindex"></head><body><main><p>INTERNALTEXT for staff only.</p></main></body></html>"#,
            ),
        ],
    );
    let site = index(&dir);
    let text = all_text(&site);
    for left_out in [
        "SCRIPTTEXT",
        "HEADERTEXT",
        "NAVTEXT",
        "COOKIETEXT",
        "IGNOREDTEXT",
        "FOOTERTEXT",
        "OUTSIDETEXT",
        "SECRETTEXT",
    ] {
        assert!(!text.contains(left_out), "{left_out} was indexed:\n{text}");
    }
    assert!(text.contains("A sentence about cookies in the content stays."));

    let plans = site.pages.iter().find(|p| p.id == "plans").unwrap();
    let sections: Vec<(&str, &str)> = plans
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.anchor.as_str()))
        .collect();
    assert_eq!(sections, [("Plans", "plans"), ("Team plan", "team")]);
    // A heading nothing links to stays, with its text, in the section before it.
    assert_eq!(
        plans.sections[1].body,
        "Eight dollars per seat, billed monthly. No anchor here: Text under a heading without an id. A sentence about cookies in the content stays."
    );
    assert_eq!(plans.sections[1].url(&plans.url), "/plans.html#team");

    // Older pages mark passages with `<a name>`: each is a section titled by its bold words.
    let limits = site.pages.iter().find(|p| p.id == "limits").unwrap();
    let passages: Vec<(&str, &str, &str)> = limits
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.anchor.as_str(), s.body.as_str()))
        .collect();
    assert_eq!(
        passages,
        [
            ("", "", "These are the limits of the service."),
            ("Longest text", "length", "One billion bytes."),
            ("Columns", "columns", "2000 per table."),
        ]
    );

    let marked = site.pages.iter().find(|p| p.id == "docs/marked").unwrap();
    assert_eq!(marked.url, "/docs/marked.html");
    assert_eq!(marked.sections[0].anchor, "in");

    let skipped: Vec<(&str, &str)> = site
        .skipped
        .iter()
        .map(|s| (s.location.rsplit('/').next().unwrap(), s.message.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            ("hidden.html", "says noindex, so the page is left out"),
            ("internal.html", "says noindex, so the page is left out"),
        ]
    );
    assert_eq!(site.notes.len(), 1, "{:?}", site.notes);
    assert!(site.notes[0].message.contains("`No anchor here`"));
    fs::remove_dir_all(dir).unwrap();
}

const PRODUCTS: &str = r#"<html><head><title>Pricing</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "Product", "name": "Team", "description": "For growing teams.",
   "offers": {"@type": "Offer", "priceCurrency": "USD",
     "priceSpecification": {"@type": "UnitPriceSpecification", "price": "8.00", "unitCode": "MON",
       "referenceQuantity": {"@type": "QuantitativeValue", "unitText": "seat"}}},
   "additionalProperty": [{"@type": "PropertyValue", "name": "Storage", "value": "100 GB"}]},
  {"@type": "Product", "name": "Business", "offers": {"@type": "Offer", "price": "15"}}
]}
</script></head><body><main><section id="team"><h2>Team</h2><p>For growing teams.</p></section></main></body></html>"#;

/// Sphinx (Python's manual) wraps a heading's words in a link back to the table of contents
/// (`toc-backref`) and ends it with a permalink mark: the heading is still its words.
#[test]
fn a_generators_links_inside_a_heading_keep_its_words_and_drop_its_permalink_mark() {
    let dir = folder(
        "sphinx",
        &[(
            "tasks.html",
            r##"<html><head><title>Tasks</title></head><body><div role="main">
<section id="creating-tasks"><h2><a class="toc-backref" href="#id3" role="doc-backlink">Creating Tasks</a><a class="headerlink" href="#creating-tasks" title="Permalink to this heading">¶</a></h2>
<p>Wrap a coroutine into a task and schedule it.</p></section>
<section id="timeouts"><h2>Timeouts<a class="headerlink" href="#timeouts">¶</a></h2>
<p>Limit the time spent waiting.</p><nav class="toc">Contents</nav></section>
</div></body></html>"##,
        )],
    );
    let site = index(&dir);
    let sections = &site.pages[0].sections;
    let headings: Vec<(&str, &str)> = sections
        .iter()
        .map(|s| (s.anchor.as_str(), s.heading.as_str()))
        .collect();
    assert_eq!(
        headings,
        [
            ("creating-tasks", "Creating Tasks"),
            ("timeouts", "Timeouts")
        ]
    );
    // Outside a heading, the table of contents is still furniture.
    assert!(!all_text(&site).contains("Contents"), "{}", all_text(&site));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_complete_product_becomes_an_offering_and_check_says_what_an_incomplete_one_lacks() {
    let dir = folder("products", &[("pricing.html", PRODUCTS)]);
    let site = index(&dir);
    assert_eq!(site.offerings.len(), 1, "{:?}", site.notes);
    let team = &site.offerings[0];
    assert_eq!(
        (team.id.as_str(), team.url.as_str()),
        ("team", "/pricing.html#team")
    );
    assert_eq!(team.price.model, helpfirst::content::PriceModel::PerSeat);
    assert_eq!(
        team.price.monthly,
        Some(helpfirst::content::Money::from_cents(800))
    );
    assert_eq!(team.source, "/pricing.html");
    assert_eq!(
        team.verified.len(),
        "2026-11-29".len(),
        "the page's last-modified day"
    );
    assert_eq!(team.limits[0].value, "100 GB");

    let (ok, stdout, _) = helpfirst(&["check", "--site", &dir.display().to_string()]);
    assert!(ok, "hints do not fail check: {stdout}");
    let business = stdout
        .lines()
        .find(|l| l.contains("Product `Business`"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        business.contains("description")
            && business.contains("offers.priceCurrency")
            && business.contains("unitCode"),
        "{business}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn hand_written_content_wins_and_check_reports_where_the_site_disagrees() {
    let page = r#"<html><head><title>FAQ</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "FAQPage",
"mainEntity": [
 {"@type": "Question", "name": "Do you give refunds?", "acceptedAnswer": {"@type": "Answer", "text": "<p>Within <b>14</b> days.</p>"}},
 {"@type": "Question", "name": "Is there a free plan?", "acceptedAnswer": {"@type": "Answer", "text": "Yes, for 3 people."}}
]}</script></head><body><main><h1 id="faq">FAQ</h1><p>Questions.</p></main></body></html>"#;
    let content = r#"[company]
name = "Acme"
url = "https://acme.test"

[[faqs]]
id = "refunds"
question = "Do you give refunds?"
answer = "Within 30 days."
url = "/refunds"
"#;
    let dir = folder(
        "merge",
        &[("site/faq.html", page), ("content/content.toml", content)],
    );
    let (site_dir, content_dir) = (dir.join("site"), dir.join("content"));
    let (ok, stdout, stderr) = helpfirst(&[
        "check",
        "--content",
        &content_dir.display().to_string(),
        "--site",
        &site_dir.display().to_string(),
    ]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("warning: /faq.html: faqs.answer: conflict: the site answers \"Do you give refunds?\" differently from the hand-written FAQ `refunds`"),
        "{stdout}"
    );

    let out = dir.join("dist/content.json");
    let (ok, _, stderr) = helpfirst(&[
        "build",
        "--content",
        &content_dir.display().to_string(),
        "--site",
        &site_dir.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(ok, "{stderr}");
    let built: Content = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let answers: Vec<(&str, &str)> = built
        .faqs
        .iter()
        .map(|f| (f.question.as_str(), f.answer.as_str()))
        .collect();
    assert_eq!(
        answers,
        [
            ("Do you give refunds?", "Within 30 days."),
            ("Is there a free plan?", "Yes, for 3 people."),
        ]
    );
    fs::remove_dir_all(dir).unwrap();
}

fn build_site(dir: &Path, out: &Path) -> (bool, String, String) {
    helpfirst(&[
        "build",
        "--site",
        &dir.display().to_string(),
        "--out",
        &out.display().to_string(),
    ])
}

#[test]
fn a_rebuild_says_what_changed_and_a_failing_page_stops_no_other() {
    let page = |body: &str| {
        format!("<html><head><title>T</title></head><body><main><h2 id=\"a\">A</h2><p>{body}</p><h2 id=\"b\">B</h2><p>Same.</p></main></body></html>")
    };
    let dir = folder(
        "rebuild",
        &[
            ("site/one.html", &page("First.")),
            ("site/old.html", &page("Old.")),
        ],
    );
    let site_dir = dir.join("site");
    let out = dir.join("dist/content.json");
    let (ok, stdout, stderr) = build_site(&site_dir, &out);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("first build here: 2 pages indexed"),
        "{stdout}"
    );
    let (ok, stdout, _) = build_site(&site_dir, &out);
    assert!(ok);
    assert!(
        stdout.contains("since the last build: no page changed"),
        "{stdout}"
    );

    fs::write(site_dir.join("one.html"), page("Rewritten.")).unwrap();
    fs::remove_file(site_dir.join("old.html")).unwrap();
    fs::write(site_dir.join("new.html"), page("New.")).unwrap();
    let mut latin1 = b"<html><body><main><p>Caf".to_vec();
    latin1.extend_from_slice(&[0xE9, b'<', b'/', b'p', b'>']);
    fs::write(site_dir.join("broken.html"), latin1).unwrap();
    let (ok, stdout, stderr) = build_site(&site_dir, &out);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("since the last build: 1 page(s) added (/new.html), 1 page(s) removed (/old.html), 1 section(s) changed in 1 page(s)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("broken.html: not indexed: line 1: byte 0xE9 is not UTF-8"),
        "{stderr}"
    );
    assert!(stdout.contains("2 pages, 4 sections"), "{stdout}");
    // Only the content, its answer index and its manifest: nothing half-written is left behind.
    let mut files: Vec<String> = fs::read_dir(dir.join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["content.index", "content.json", "content.manifest.json"]
    );

    // A site where no page can be indexed writes nothing.
    let empty = folder(
        "rebuild-empty",
        &[("site/blank.html", "<html><body></body></html>")],
    );
    let empty_out = empty.join("dist/content.json");
    let (ok, _, stderr) = build_site(&empty.join("site"), &empty_out);
    assert!(!ok);
    assert!(
        stderr.contains("blank.html: skipped: has no text of its own"),
        "{stderr}"
    );
    assert!(
        stderr.contains("no page of the site could be indexed (0 failed, 1 skipped)"),
        "{stderr}"
    );
    assert!(!empty_out.exists());
    fs::remove_dir_all(dir).unwrap();
    fs::remove_dir_all(empty).unwrap();
}

fn sitemap_xml(base: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/a.html</loc><lastmod>2026-10-01</lastmod></url>
<url><loc>{base}/private/b.html</loc></url>
<url><loc>{base}/missing.html</loc></url>
</urlset>"#
    )
}

/// A real HTTP server on loopback serving a small site, its sitemap and its robots.txt; it
/// records the user agent of every request.
struct TestSite {
    port: u16,
    agents: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    server: std::sync::Arc<tiny_http::Server>,
}

impl TestSite {
    fn start() -> TestSite {
        let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let agents = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (serving, seen) = (server.clone(), agents.clone());
        std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                let agent = request
                    .headers()
                    .iter()
                    .find(|h| h.field.equiv("User-Agent"))
                    .map(|h| h.value.to_string())
                    .unwrap_or_default();
                seen.lock().unwrap().push(agent);
                let base = format!("http://127.0.0.1:{port}");
                let (status, body) = match request.url() {
                    "/robots.txt" => (200, "User-agent: *\nDisallow: /private/\n".to_string()),
                    "/sitemap.xml" => (200, sitemap_xml(&base)),
                    "/a.html" => (200, "<html><head><title>A</title></head><body><main><h2 id=\"refunds\">Refunds</h2><p>Within 30 days.</p></main></body></html>".to_string()),
                    "/private/b.html" => (200, "<html><body><p>PRIVATE</p></body></html>".to_string()),
                    _ => (404, "not found".to_string()),
                };
                let header = tiny_http::Header::from_bytes("Content-Type", "text/html").unwrap();
                let response = tiny_http::Response::from_string(body)
                    .with_status_code(status)
                    .with_header(header);
                let _ = request.respond(response);
            }
        });
        TestSite {
            port,
            agents,
            server,
        }
    }
}

impl Drop for TestSite {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

#[test]
fn a_sitemap_url_is_fetched_politely_from_a_real_server() {
    let test_site = TestSite::start();
    let dir = folder("sitemap", &[]);
    let out = dir.join("dist/content.json");
    let sitemap = format!("http://127.0.0.1:{}/sitemap.xml", test_site.port);
    let (ok, stdout, stderr) = helpfirst(&[
        "build",
        "--sitemap",
        &sitemap,
        "--out",
        &out.display().to_string(),
    ]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("1 pages, 1 sections"), "{stdout}");
    assert!(
        stderr.contains("/private/b.html: skipped: robots.txt disallows it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/missing.html: not indexed: answered HTTP 404"),
        "{stderr}"
    );
    let built: Content = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let page = &built.pages[0];
    assert_eq!(
        page.url,
        format!("http://127.0.0.1:{}/a.html", test_site.port)
    );
    assert_eq!(page.sections[0].anchor, "refunds");
    assert!(!fs::read_to_string(&out).unwrap().contains("PRIVATE"));
    // A sitemap file lists the same URLs: the pages are fetched the same way.
    let sitemap_file = dir.join("sitemap.xml");
    let base = format!("http://127.0.0.1:{}", test_site.port);
    fs::create_dir_all(&dir).unwrap();
    fs::write(&sitemap_file, sitemap_xml(&base)).unwrap();
    let (ok, stdout, stderr) = helpfirst(&[
        "build",
        "--sitemap",
        &sitemap_file.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("since the last build: no page changed"),
        "{stdout}"
    );

    let agents = test_site.agents.lock().unwrap().clone();
    assert!(agents.len() >= 3, "{agents:?}");
    assert!(
        agents.iter().all(|a| a.starts_with("helpfirst-indexer/")),
        "{agents:?}"
    );
    fs::remove_dir_all(dir).unwrap();
}

/// Indexes a real site's built HTML that no one here wrote (installed by scripts/setup.sh) and asks
/// it the committed questions: every section a question must cite is indexed under its anchor,
/// and the answer engine cites it first for at least `floor` of them (the figures of
/// BENCHMARKS.md; a regression guard, not a target).
fn outside_site(dir: &str, ignore: &[&str], questions: &str, floor: usize) {
    let ignore: Vec<String> = ignore.iter().map(|s| s.to_string()).collect();
    let site = site::read(
        &[Source::Folder(PathBuf::from(dir))],
        &Ignore::new(&ignore).unwrap(),
        &Polite::default(),
        false,
    )
    .unwrap_or_else(|e| panic!("{e} (scripts/setup.sh installs it)"));
    assert!(site.failures.is_empty(), "{:?}", site.failures);
    let content = site::merge::merge(Content::default(), &site).content;
    let index = helpfirst::answer::Index::new(&content);
    let sections: std::collections::HashSet<String> = content
        .pages
        .iter()
        .flat_map(|p| {
            p.sections
                .iter()
                .map(move |s| format!("{}#{}", p.id, s.anchor))
        })
        .collect();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(questions);
    let mut reader = csv::Reader::from_path(path).unwrap();
    let (mut asked, mut cited) = (0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        // A question the manual answers equally in two sections lists both: `a|b`.
        let (query, expected) = (&record[0], record[1].split('|').collect::<Vec<_>>());
        for id in &expected {
            assert!(sections.contains(*id), "`{id}` is not an indexed section");
        }
        asked += 1;
        let reply = index.ask(query);
        if reply
            .answers
            .first()
            .is_some_and(|a| expected.contains(&a.id.as_str()))
        {
            cited += 1;
        }
    }
    assert!(asked >= 20, "{asked} questions");
    assert!(
        cited >= floor,
        "{cited} of {asked} cite the right section first"
    );
}

#[test]
fn the_postgresql_manual_answers_its_questions_from_the_right_sections() {
    outside_site(
        "/usr/share/doc/postgresql-doc-15/html",
        &[],
        "bench/site/postgresql.csv",
        14,
    );
}

#[test]
fn the_sqlite_manual_answers_its_questions_from_the_right_sections() {
    outside_site(
        "/usr/share/doc/sqlite3",
        &[".nosearch"],
        "bench/site/sqlite.csv",
        14,
    );
}

/// A site of more sections than the answer service embeds up front: nothing is embedded before a
/// question, a question embeds only its lexical candidates, and their meaning picks the answer
/// among them (the closer word match, about a different thing, comes second).
#[test]
fn a_large_site_embeds_only_each_questions_candidates_and_ranks_them_by_meaning() {
    use helpfirst::content::{Page, Section};
    use helpfirst::semantic::{encoder, EmbeddingCache, Ranker, RERANK_ABOVE, RERANK_TOP};
    use std::sync::Arc;

    let section = |anchor: &str, heading: &str, body: &str| Section {
        heading: heading.into(),
        anchor: anchor.into(),
        body: body.into(),
    };
    let mut sections: Vec<Section> = (0..RERANK_ABOVE)
        .map(|i| {
            section(
                &format!("part-{i}"),
                &format!("Part {i}"),
                &format!("Reference entry {i} of the appendix, kept for completeness."),
            )
        })
        .collect();
    sections.push(section(
        "refunds",
        "Refunds",
        "Not happy? You can get a refund: we return the full price within 30 days of purchase.",
    ));
    sections.push(section(
        "locked-out",
        "Getting back into your account",
        "Locked out? Get back in with the reset link we email you.",
    ));
    let content = Content {
        pages: vec![Page {
            id: "manual".into(),
            title: "Manual".into(),
            url: "/manual.html".into(),
            sections,
            tags: Vec::new(),
        }],
        ..Content::default()
    };
    let index = helpfirst::answer::Index::new(&content);
    assert!(index.len() > RERANK_ABOVE);
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join(encoder::default_model_dir());
    let model = Arc::new(encoder::Encoder::load(&model).unwrap_or_else(|e| panic!("{e}")));
    let cache = Arc::new(EmbeddingCache::default());
    let ranker = Ranker::with_cache(index, model, Arc::clone(&cache)).unwrap();
    assert_eq!(cache.len(), 0, "embedded before any question");

    let question = "Can I get my money back?";
    let candidates = ranker.index().candidates(question, 2);
    assert_eq!(
        ranker.index().entry(candidates[0]).unwrap().id,
        "manual#locked-out"
    );
    let reply = ranker.ask(question).unwrap();
    assert_eq!(reply.answers[0].id, "manual#refunds");
    // A section's texts are its title and heading, and its body.
    let embedded = cache.len();
    assert!(embedded > 0 && embedded <= 2 * RERANK_TOP, "{embedded}");
    ranker.ask(question).unwrap();
    assert_eq!(cache.len(), embedded, "the same question embedded again");
}
