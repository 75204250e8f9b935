//! The question box. A real `<form>`, so Enter submits and assistive technology knows what it is.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    pub input: NodeRef,
    pub onask: Callback<String>,
}

#[function_component]
pub fn Composer(props: &ComposerProps) -> Html {
    let onsubmit = {
        let input = props.input.clone();
        let onask = props.onask.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(input) = input.cast::<HtmlInputElement>() {
                onask.emit(input.value());
                input.set_value("");
            }
        })
    };
    html! {
        <form class="composer" {onsubmit}>
            <label for="hf-question" class="visually-hidden">{ "Your question" }</label>
            <input id="hf-question" ref={props.input.clone()} type="text" name="question" autocomplete="off"
                enterkeyhint="send" maxlength="500" placeholder="Ask about plans, prices, features…" />
            <button type="submit">{ "Ask" }</button>
        </form>
    }
}
