//! The question box. A real `<form>`, so Enter submits and assistive technology knows what it is.
//! Suggestions appear under it as the visitor types: plain buttons rather than a custom combobox,
//! so they work with every screen reader and keyboard without any ARIA choreography.

use super::words::t;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    pub input: NodeRef,
    pub onask: Callback<String>,
    /// The visitor changed what they are typing.
    pub ondraft: Callback<String>,
    pub suggestions: Vec<String>,
}

#[function_component]
pub fn Composer(props: &ComposerProps) -> Html {
    let ask = {
        let input = props.input.clone();
        let onask = props.onask.clone();
        let ondraft = props.ondraft.clone();
        move |question: String| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.set_value("");
            }
            ondraft.emit(String::new());
            onask.emit(question);
        }
    };
    let onsubmit = {
        let input = props.input.clone();
        let ask = ask.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(input) = input.cast::<HtmlInputElement>() {
                ask(input.value());
            }
        })
    };
    let oninput = {
        let ondraft = props.ondraft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                ondraft.emit(input.value());
            }
        })
    };
    html! {
        <>
            if !props.suggestions.is_empty() {
                <ul class="suggestions" aria-label="Suggested questions">
                    { for props.suggestions.iter().map(|suggestion| {
                        let ask = ask.clone();
                        let chosen = suggestion.clone();
                        html! {
                            <li><button type="button" class="chip" onclick={move |_| ask(chosen.clone())}>
                                { suggestion }
                            </button></li>
                        }
                    }) }
                </ul>
            }
            <form class="composer" {onsubmit}>
                <label for="hf-question" class="visually-hidden">{ t("composer.label") }</label>
                <input id="hf-question" ref={props.input.clone()} type="text" name="question" autocomplete="off"
                    enterkeyhint="send" maxlength="500" placeholder={t("composer.placeholder")} {oninput} />
                <button type="submit">{ t("composer.ask") }</button>
            </form>
        </>
    }
}
