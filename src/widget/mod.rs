//! The widget a visitor sees, compiled to WebAssembly and mounted by `loader/helpfirst.js`.
//!
//! Key decision: the loader owns the launcher button and the shadow root; this module owns the
//! panel. The launcher therefore appears before any WebAssembly is fetched, keeps its focus while
//! the widget loads, and the widget only reflects its state onto it (`aria-expanded`, focus on
//! close). Styles are adopted as a constructable stylesheet, so no inline `<style>` or `style=`
//! attribute is ever written and a strict host CSP needs no `'unsafe-inline'`.

mod app;
mod asks;
mod browser;
mod compare;
mod composer;
mod delivery;
mod fit;
mod handoff;
mod layout;
mod options;
mod record;
mod service;
mod transcript;
mod visit;
mod words;

pub use app::{App, Props, Read};
pub use options::{strings_from_js, Options};

use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};
use yew::AppHandle;

/// The frame (also drawn by the loader before the widget is ready), then everything else:
/// `panel.css` and `style.css` without their comments (see `build.rs`).
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

/// The handle the loader keeps: the host page's `helpfirst.open()` etc. end up here.
#[wasm_bindgen]
pub struct Widget {
    app: AppHandle<App>,
}

#[wasm_bindgen]
impl Widget {
    pub fn open(&self) {
        self.app.send_message(app::Msg::OpenRequested);
    }

    pub fn close(&self) {
        self.app.send_message(app::Msg::CloseRequested);
    }

    pub fn toggle(&self) {
        self.app.send_message(app::Msg::ToggleRequested);
    }

    /// The visitor's consent to recording, from the host page's consent manager.
    pub fn consent(&self, granted: bool) {
        self.app.send_message(app::Msg::ConsentChanged(granted));
    }

    pub fn ask(&self, question: String) {
        self.app.send_message(app::Msg::OpenRequested);
        self.app.send_message(app::Msg::QuestionAsked(question));
    }
}

/// The widget started without its panel: the loader's options decoded, the panel's words chosen,
/// the content and its answer index read. It answers at once from here; [`Setup::mount`] draws
/// nothing yet either, but builds the component that will.
#[wasm_bindgen]
pub struct Setup {
    options: Options,
    read: app::Read,
}

/// Starts the widget when the page is idle, in steps that are main-thread tasks of their own (the
/// machinery the steps run on, the options, the string table, then each part of the content; see
/// `answer::prebuilt`), so starting never holds the host page up for long: the first call of each
/// part of the wasm compiles it, on the main thread. `strings` is the locale's string table (kept
/// out of `options` to be a step of its own); `compiled` is the loader's fetch of the compiled
/// content (a promise of its bytes), or `undefined` for the widget to fetch it. The panel is
/// mounted only when it is first wanted (see [`Setup::mount`]): until then the loader's launcher is
/// all there is to see, and the host page pays nothing for a component tree nobody has opened.
#[wasm_bindgen]
pub async fn start(
    options: JsValue,
    strings: JsValue,
    compiled: JsValue,
) -> Result<Setup, JsValue> {
    browser::yield_to_page().await;
    let options = Options::from_js(&options);
    browser::yield_to_page().await;
    let strings = strings_from_js(&strings);
    set_words(&options.locale, strings);
    browser::yield_to_page().await;
    let compiled = (!compiled.is_undefined()).then_some(compiled);
    let read = match browser::fetch_content(&options.content, compiled).await {
        Ok((content, index)) => app::Read::Ready(Rc::new(content), Rc::new(index)),
        Err(reason) => app::Read::Failed(reason),
    };
    Ok(Setup { options, read })
}

#[wasm_bindgen]
impl Setup {
    /// Mounts the panel's component into the loader's shadow root: at the first call of the host
    /// API or tap on the launcher (the loader's frame shows meanwhile). `emit(name, detail)` tells
    /// the host page what happened; `consented` is the consent manager's latest word;
    /// `handover(open)` gives the loader's frame up to the panel, with what the visitor typed in
    /// it (a string), once the panel can take its place (see `App::take_over_frame`).
    pub fn mount(
        self,
        root: ShadowRoot,
        launcher: HtmlElement,
        emit: js_sys::Function,
        consented: bool,
        handover: js_sys::Function,
    ) -> Result<Widget, JsValue> {
        let options = Options {
            consented,
            ..self.options
        };
        render(
            &root,
            Props {
                options: Rc::new(options),
                launcher: Some(launcher),
                emit: Some(emit),
                read: Some(self.read),
                handover: Some(handover),
            },
        )
    }
}

/// Mounts the panel with props given from Rust (the browser tests), in one step.
pub fn mount_with(root: &ShadowRoot, props: Props) -> Result<Widget, JsValue> {
    set_words(&props.options.locale, props.options.strings.clone());
    render(root, props)
}

fn set_words(locale: &str, strings: crate::locale::Strings) {
    words::set(crate::locale::resolve(locale, ""), locale, strings);
}

fn render(root: &ShadowRoot, props: Props) -> Result<Widget, JsValue> {
    adopt_style(root)?;
    let container = gloo::utils::document().create_element("div")?;
    root.append_child(&container)?;
    Ok(Widget {
        app: yew::Renderer::<App>::with_root_and_props(container, props).render(),
    })
}

/// Adds the panel's stylesheet to the shadow root, after the loader's launcher styles.
fn adopt_style(root: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(STYLE)?;
    let key = JsValue::from_str("adoptedStyleSheets");
    let sheets: js_sys::Array = js_sys::Reflect::get(root, &key)?.dyn_into()?;
    sheets.push(&sheet);
    js_sys::Reflect::set(root, &key, &sheets)?;
    Ok(())
}
