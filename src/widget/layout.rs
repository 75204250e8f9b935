//! Where the panel and its newest content sit on screen, whatever the host page does.
//!
//! Key decision: the open panel is a `popover="manual"` shown in the browser's top layer, above
//! every host overlay whatever its z-index (a fixed header at 2147483647, a cookie banner), so the
//! close button stays reachable on a full-screen phone panel. Browsers without popovers keep the
//! `hidden` attribute and `--helpfirst-z-index`. Scrolling is done on the panel's own scrolling
//! boxes (never `scrollIntoView`, which would also scroll the host page).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// Room left above content scrolled to the top, in CSS pixels, so it does not touch the edge.
const MARGIN: i32 = 8;

/// Shows the panel in the top layer when it is open, and takes it out when it is closed.
pub fn raise(panel: &HtmlElement, open: bool) {
    let showing = panel.matches(":popover-open").unwrap_or(false);
    let method = match (open, showing) {
        (true, false) => "showPopover",
        (false, true) => "hidePopover",
        _ => return,
    };
    if let Ok(call) = js_sys::Reflect::get(panel, &JsValue::from_str(method)) {
        if let Some(call) = call.dyn_ref::<js_sys::Function>() {
            let _ = call.call0(panel);
        }
    }
}

/// Scrolls the conversation so that its last question is at the top, with its answer's opening
/// (and its "Did this help?") under it rather than scrolled past.
pub fn show_last_question(log: &HtmlElement) {
    let last = log
        .query_selector_all(".turn.visitor")
        .ok()
        .and_then(|turns| turns.item(turns.length().checked_sub(1)?))
        .and_then(|turn| turn.dyn_into::<HtmlElement>().ok());
    match last {
        Some(question) => scroll_to(log, &question),
        // No question yet (a resumed visit, the greeting): the newest turn is at the end.
        None => log.set_scroll_top(log.scroll_height()),
    }
}

/// Focuses the element `selector` finds in `panel` and scrolls its pane so it is at the top.
pub fn focus_at_top(panel: &Element, selector: &str) {
    let Some(target) = panel
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    if let Some(pane) = target
        .closest(".pane")
        .ok()
        .flatten()
        .and_then(|p| p.dyn_into::<HtmlElement>().ok())
    {
        scroll_to(&pane, &target);
    }
    let _ = target.focus();
}

/// Whether focus is in the widget (its host element, from outside the shadow root) or nowhere in
/// particular, so that moving it takes nothing from the host page.
pub fn focus_is_free() -> bool {
    gloo::utils::document()
        .active_element()
        .is_none_or(|active| matches!(active.tag_name().as_str(), "BODY" | "HELPFIRST-WIDGET"))
}

/// Scrolls `scroller` so that `target` (inside it) is at its top. Both offsets are measured from
/// the panel, the nearest positioned ancestor of both.
fn scroll_to(scroller: &HtmlElement, target: &HtmlElement) {
    let top = target.offset_top() - scroller.offset_top() - MARGIN;
    scroller.set_scroll_top(top.max(0));
}
