//! A bare Yew hello-world: the smallest Yew app, as the baseline the widget's size is read against.
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[function_component]
fn Hello() -> Html {
    html! { <p>{ "Hello, world" }</p> }
}

#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<Hello>::new().render();
}
