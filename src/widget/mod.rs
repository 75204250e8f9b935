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

pub use app::{App, Props};
pub use options::{strings_from_js, Options};

use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};
use yew::AppHandle;

/// The frame (also drawn by the loader before the widget is ready), then everything else.
const STYLE: &str = concat!(include_str!("panel.css"), include_str!("style.css"));

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

    /// What the visitor typed in the loader's frame before the widget was ready: it goes on in
    /// the widget's question box.
    pub fn draft(&self, text: String) {
        self.app.send_message(app::Msg::DraftHandedOver(text));
    }

    pub fn ask(&self, question: String) {
        self.app.send_message(app::Msg::OpenRequested);
        self.app.send_message(app::Msg::QuestionAsked(question));
    }
}

/// Mounts the panel into the loader's shadow root. `options` are the loader's validated options;
/// `emit(name, detail)` tells the host page what happened.
#[wasm_bindgen]
pub fn mount(
    root: ShadowRoot,
    launcher: HtmlElement,
    options: JsValue,
    emit: js_sys::Function,
) -> Result<Widget, JsValue> {
    let options = Options::from_js(&options);
    mount_with(
        &root,
        Props {
            options: Rc::new(options),
            launcher: Some(launcher),
            emit: Some(emit),
            content: None,
        },
    )
}

/// Mounts the panel with props given from Rust: `mount` for the loader, and the browser tests.
pub fn mount_with(root: &ShadowRoot, props: Props) -> Result<Widget, JsValue> {
    words::set(
        crate::locale::resolve(&props.options.locale, ""),
        &props.options.locale,
        props.options.strings.clone(),
    );
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
