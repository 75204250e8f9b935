//! Component tests of the widget in a real headless Chromium (`wasm-bindgen-test`).
//!
//! Each test mounts the widget as the loader does (a host element, an open shadow root, a launcher
//! button), calls it through the same handle the host page's `helpfirst.*` calls reach, and checks
//! what a visitor, or a screen reader, would find in the DOM.
#![cfg(target_arch = "wasm32")]

use helpfirst::answer::Index;
use helpfirst::content::{
    Company, Content, Faq, Feature, Money, Offering, OfferingKind, Price, PriceModel,
};
use helpfirst::widget::{mount_with, strings_from_js, Options, Props, Read, Widget};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, HtmlElement, HtmlFormElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit,
    ShadowRoot,
};

wasm_bindgen_test_configure!(run_in_browser);

fn content() -> Content {
    let faq = |id: &str, question: &str, answer: &str| Faq {
        id: id.into(),
        question: question.into(),
        answer: answer.into(),
        url: format!("/faq.html#{id}"),
        ..Faq::default()
    };
    Content {
        company: Company {
            name: "Kestrel Labs".into(),
            url: "https://kestrel.example".into(),
            language: "en".into(),
        },
        faqs: vec![
            faq(
                "cancel",
                "Can I cancel my subscription anytime?",
                "Yes. Cancel from Settings; you keep access until the period ends.",
            ),
            faq(
                "offline",
                "Does Kestrel work offline?",
                "Yes, the desktop apps work offline and sync later.",
            ),
        ],
        ..Content::default()
    }
}

fn options(locale: &str) -> Options {
    Options {
        content: String::new(),
        endpoint: String::new(),
        greeting: "Hi! Ask me anything.".into(),
        locale: locale.into(),
        title: "Ask Kestrel".into(),
        contact: "mailto:hello@kestrel.example".into(),
        // What the loader fetches: the English table, the words the assertions below expect.
        strings: strings_from_js(
            &js_sys::JSON::parse(include_str!("../locales/en.json")).expect("the English table"),
        ),
        ..Options::default()
    }
}

struct Mounted {
    root: ShadowRoot,
    launcher: HtmlElement,
    widget: Widget,
}

fn mount(locale: &str) -> Mounted {
    mount_content(locale, content())
}

fn mount_content(locale: &str, content: Content) -> Mounted {
    mount_handing_over(locale, content, None)
}

fn mount_handing_over(
    locale: &str,
    content: Content,
    handover: Option<js_sys::Function>,
) -> Mounted {
    // All tests share one page: each starts a new visit, or it would resume the last test's
    // conversation (kept for the visit in sessionStorage).
    if let Ok(Some(session)) = gloo::utils::window().session_storage() {
        session.clear().unwrap();
    }
    let document = gloo::utils::document();
    let host = document.create_element("helpfirst-widget").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let root = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let launcher: HtmlElement = document.create_element("button").unwrap().unchecked_into();
    root.append_child(&launcher).unwrap();
    let props = Props {
        options: Rc::new(options(locale)),
        launcher: Some(launcher.clone()),
        emit: None,
        // What the widget's start reads from `content.index`: the content and its index, built
        // here (the widget itself never builds one).
        read: Some(Read::Ready(
            Rc::new(content.clone()),
            Rc::new(Index::new(&content)),
        )),
        handover,
    };
    let widget = mount_with(&root, props).unwrap();
    Mounted {
        root,
        launcher,
        widget,
    }
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn panel(&self) -> Element {
        self.find("#helpfirst-panel")
            .expect("the panel is rendered")
    }

    /// Types into the question box and submits the form, as a visitor pressing Enter does.
    async fn type_question(&self, question: &str) {
        settle().await;
        let input: HtmlInputElement = self.find("#hf-question").unwrap().unchecked_into();
        input.set_value(question);
        let form: HtmlFormElement = self.find("form").unwrap().unchecked_into();
        form.request_submit().unwrap();
        settle().await;
    }
}

/// Lets Yew run the renders it has scheduled.
async fn settle() {
    for _ in 0..3 {
        yew::platform::time::sleep(std::time::Duration::ZERO).await;
    }
}

#[wasm_bindgen_test]
async fn the_panel_is_drawn_when_first_opened_and_hidden_when_closed() {
    let mounted = mount("en");
    settle().await;
    // Starting the widget draws nothing: the loader's launcher is all the page shows.
    assert!(mounted.find("#helpfirst-panel, section, input").is_none());
    mounted.widget.open();
    settle().await;
    mounted.widget.close();
    settle().await;
    let panel = mounted.panel();
    assert_eq!(panel.get_attribute("role").as_deref(), Some("dialog"));
    assert!(panel.has_attribute("hidden"));
    let label_id = panel.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        mounted
            .find(&format!("#{label_id}"))
            .unwrap()
            .text_content()
            .unwrap(),
        "Ask Kestrel"
    );
    assert_eq!(
        mounted.launcher.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        mounted.launcher.get_attribute("aria-controls").as_deref(),
        Some("helpfirst-panel")
    );
    assert_eq!(
        mounted
            .find("[role=log]")
            .unwrap()
            .get_attribute("aria-live")
            .as_deref(),
        Some("polite")
    );
}

#[wasm_bindgen_test]
async fn opening_shows_the_panel_and_focuses_the_question_box() {
    let mounted = mount("en");
    mounted.widget.open();
    settle().await;
    assert!(!mounted.panel().has_attribute("hidden"));
    assert_eq!(
        mounted.launcher.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(mounted.root.active_element(), mounted.find("#hf-question"));
}

#[wasm_bindgen_test]
async fn asking_shows_the_answer_with_its_source_link() {
    let mounted = mount("en");
    mounted.widget.open();
    mounted.type_question("can I cancel my subscription?").await;
    let answer = mounted.find("article.answer").expect("an answer card");
    assert!(answer
        .text_content()
        .unwrap()
        .contains("Cancel from Settings"));
    let link = mounted.find("article.answer .source a").unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/faq.html#cancel")
    );
    let asked = mounted
        .find(".turn.visitor")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(asked.ends_with("can I cancel my subscription?"));
}

#[wasm_bindgen_test]
async fn the_host_api_ask_opens_the_panel_and_answers() {
    let mounted = mount("en");
    mounted.widget.ask("does it work offline?".into());
    settle().await;
    assert!(!mounted.panel().has_attribute("hidden"));
    let answer = mounted.find("article.answer").expect("an answer card");
    assert!(answer.text_content().unwrap().contains("sync later"));
}

#[wasm_bindgen_test]
async fn a_question_the_content_cannot_answer_gets_an_honest_no_answer() {
    let mounted = mount("en");
    mounted.widget.open();
    mounted
        .type_question("what is the airspeed velocity of a swallow")
        .await;
    assert!(
        mounted.find("article.answer").is_none(),
        "no answer may be shown without support"
    );
    let reply = mounted
        .find(".no-answer")
        .expect("the widget says it has no good answer");
    assert!(reply.text_content().unwrap().contains("rather not guess"));
    let person = mounted
        .find(".no-answer a")
        .expect("a way to reach a person");
    assert_eq!(
        person.get_attribute("href").as_deref(),
        Some("mailto:hello@kestrel.example")
    );
}

#[wasm_bindgen_test]
async fn escape_closes_the_panel_and_returns_focus_to_the_launcher() {
    let mounted = mount("en");
    mounted.widget.open();
    settle().await;
    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    mounted
        .find("#hf-question")
        .unwrap()
        .dispatch_event(&escape)
        .unwrap();
    settle().await;
    assert!(mounted.panel().has_attribute("hidden"));
    assert_eq!(
        mounted.launcher.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(
        mounted.root.active_element(),
        Some(Element::from(mounted.launcher.clone()))
    );
}

#[wasm_bindgen_test]
async fn a_right_to_left_locale_sets_the_direction_and_language() {
    let mounted = mount("ar-EG");
    mounted.widget.open();
    settle().await;
    assert_eq!(mounted.panel().get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(
        mounted.panel().get_attribute("lang").as_deref(),
        Some("ar-EG")
    );
}

#[wasm_bindgen_test]
async fn rating_an_answer_replaces_the_question_with_an_acknowledgement() {
    let mounted = mount("en");
    mounted.widget.open();
    mounted.type_question("can I cancel my subscription?").await;
    let rate = mounted
        .find("article.answer [role=group]")
        .expect("a Did this help? group");
    assert_eq!(
        rate.get_attribute("aria-label").as_deref(),
        Some("Did this help?")
    );
    let yes: HtmlElement = mounted
        .find("article.answer .rate button")
        .unwrap()
        .unchecked_into();
    assert_eq!(yes.text_content().as_deref(), Some("Yes"));
    yes.click();
    settle().await;
    assert!(
        mounted.find("article.answer .rate").is_none(),
        "an answer is rated once"
    );
    assert!(mounted
        .find("article.answer .rated")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("glad it helped"));
}

#[wasm_bindgen_test]
async fn typing_suggests_questions_and_choosing_one_asks_it() {
    let mounted = mount("en");
    mounted.widget.open();
    settle().await;
    let input: HtmlInputElement = mounted.find("#hf-question").unwrap().unchecked_into();
    input.set_value("cancel my sub");
    let typed = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&typed).unwrap();
    settle().await;
    let suggestion: HtmlElement = mounted
        .find(".suggestions button")
        .expect("a suggestion")
        .unchecked_into();
    assert_eq!(
        suggestion.text_content().as_deref(),
        Some("Can I cancel my subscription anytime?")
    );
    suggestion.click();
    settle().await;
    assert!(mounted
        .find("article.answer")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Cancel from Settings"));
    assert!(
        mounted.find(".suggestions").is_none(),
        "suggestions clear once a question is asked"
    );
    assert_eq!(input.value(), "");
}

/// Our two plans and a competitor that has what we lack, each claim sourced.
fn offerings() -> Content {
    let feature = |key: &str, name: &str, value: &str| Feature {
        key: key.into(),
        name: name.into(),
        value: value.into(),
        ..Feature::default()
    };
    let offering = |id: &str, name: &str, kind, monthly: u64, features| Offering {
        id: id.into(),
        name: name.into(),
        kind,
        summary: format!("{name} summary."),
        url: format!("/pricing.html#{id}"),
        source: format!("https://example.test/{id}"),
        verified: "2026-11-01".into(),
        price: Price {
            model: PriceModel::PerSeat,
            currency: "USD".into(),
            monthly: Some(Money::from_cents(monthly)),
            ..Price::default()
        },
        features,
        not_for: "Someone.".into(),
        ..Offering::default()
    };
    Content {
        offerings: vec![
            offering(
                "team",
                "Kestrel Team",
                OfferingKind::Plan,
                800,
                vec![
                    feature("offline", "Offline apps", "yes"),
                    feature("sso", "SSO", "no"),
                ],
            ),
            offering(
                "business",
                "Kestrel Business",
                OfferingKind::Plan,
                1500,
                vec![
                    feature("offline", "Offline apps", "yes"),
                    feature("sso", "SSO", "yes"),
                ],
            ),
            offering(
                "rival",
                "Rival Wiki",
                OfferingKind::Competitor,
                1000,
                vec![
                    feature("offline", "Offline apps", "no"),
                    feature("sso", "SSO", "yes"),
                    feature("whiteboard", "Whiteboard", "yes"),
                ],
            ),
        ],
        ..content()
    }
}

fn texts(mounted: &Mounted, selector: &str) -> Vec<String> {
    let nodes = mounted.root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i).and_then(|n| n.text_content()))
        .collect()
}

#[wasm_bindgen_test]
async fn asking_for_a_difference_opens_a_real_comparison_table() {
    let mounted = mount_content("en", offerings());
    mounted.widget.open();
    mounted
        .type_question("what's the difference between Team and Business?")
        .await;
    let caption = mounted
        .find("table caption")
        .expect("a comparison table with a caption");
    assert!(caption
        .text_content()
        .unwrap()
        .starts_with("Kestrel Team and Kestrel Business side by side"));
    assert_eq!(
        texts(&mounted, "thead th[scope=col]"),
        ["Kestrel Team (ours)", "Kestrel Business (ours)"]
    );
    let rows = texts(&mounted, "tbody th[scope=row]");
    assert!(rows.contains(&"≠ Differs: SSO".to_string()), "{rows:?}");
    assert!(rows.contains(&"Offline apps".to_string()), "{rows:?}");
    // Every stated claim links to its source.
    let link = mounted.find("tbody td a").expect("a sourced claim");
    assert!(link
        .get_attribute("href")
        .unwrap()
        .starts_with("https://example.test/"));
    // "Only differences" hides the rows where the options agree.
    let toggle: HtmlInputElement = mounted.find(".toggle input").unwrap().unchecked_into();
    toggle.click();
    settle().await;
    let rows = texts(&mounted, "tbody th[scope=row]");
    assert!(!rows.contains(&"Offline apps".to_string()), "{rows:?}");
    // The option left out is one tick away, never silently dropped.
    let picks = texts(&mounted, ".pick label");
    assert_eq!(picks.len(), 3);
    assert!(picks[2].contains("Rival Wiki (competitor)"));
}

#[wasm_bindgen_test]
async fn the_fit_finder_recommends_what_fits_even_when_we_do_not_sell_it() {
    let mounted = mount_content("en", offerings());
    mounted.widget.open();
    settle().await;
    let fit: HtmlElement = mounted
        .find(".tools button:nth-child(3)")
        .expect("a Find my fit button")
        .unchecked_into();
    fit.click();
    settle().await;
    assert!(
        mounted.find("input[type=radio]:checked").is_none(),
        "no question assumes an answer"
    );
    let seats: HtmlInputElement = mounted.find("input[name=seats]").unwrap().unchecked_into();
    seats.set_value("4");
    let whiteboard: HtmlInputElement = mounted
        .find("input[name=must][value=whiteboard]")
        .unwrap()
        .unchecked_into();
    whiteboard.set_checked(true);
    let form: HtmlFormElement = mounted.find("form.questions").unwrap().unchecked_into();
    form.request_submit().unwrap();
    settle().await;
    let recommendation = mounted
        .find(".recommendation")
        .expect("a recommendation")
        .text_content()
        .unwrap();
    assert!(
        recommendation.starts_with("Rival Wiki (competitor) fits best"),
        "{recommendation}"
    );
    let arithmetic = texts(&mounted, ".ranked:first-child .arithmetic li");
    assert_eq!(arithmetic[0], "$10.00 × 4 seats × 12 months = $480.00.");
    assert_eq!(
        texts(&mounted, ".ranked").len(),
        3,
        "every option is ranked"
    );
}

#[wasm_bindgen_test]
async fn the_open_panel_is_in_the_top_layer_above_any_host_overlay() {
    let mounted = mount("en");
    settle().await;
    mounted.widget.open();
    settle().await;
    assert!(mounted.panel().matches(":popover-open").unwrap());
    mounted.widget.close();
    settle().await;
    assert!(!mounted.panel().matches(":popover-open").unwrap());
    assert!(mounted.panel().has_attribute("hidden"));
}

#[wasm_bindgen_test]
async fn the_loaders_open_frame_gives_way_only_to_the_open_panel_with_what_the_visitor_typed() {
    // The loader's `handover(open)` as it answers for an open frame holding "Can I cancel":
    // nothing while the panel is closed; the typing, once, when it is open.
    let calls = Rc::new(RefCell::new(Vec::new()));
    let heard = calls.clone();
    let handover = Closure::<dyn Fn(bool) -> JsValue>::new(move |open: bool| {
        heard.borrow_mut().push(open);
        if open {
            JsValue::from_str("Can I cancel")
        } else {
            JsValue::UNDEFINED
        }
    });
    let mounted = mount_handing_over(
        "en",
        content(),
        Some(
            handover
                .as_ref()
                .unchecked_ref::<js_sys::Function>()
                .clone(),
        ),
    );
    settle().await;
    let closed = calls.borrow().len();
    assert!(closed > 0, "asked after the first render");
    assert!(
        calls.borrow().iter().all(|open| !open),
        "the frame stays while the panel is closed"
    );
    mounted.widget.open();
    settle().await;
    let input: HtmlInputElement = mounted.find("#hf-question").unwrap().unchecked_into();
    assert_eq!(input.value(), "Can I cancel");
    assert_eq!(mounted.root.active_element(), mounted.find("#hf-question"));
    mounted.widget.close();
    settle().await;
    mounted.widget.open();
    settle().await;
    assert_eq!(
        calls.borrow().len(),
        closed + 1,
        "asked until it gave way, then never again"
    );
    assert_eq!(calls.borrow().last(), Some(&true));
}
