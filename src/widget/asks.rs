//! The sales calls to action, once the help-first policy allows them: plain links that say what
//! each commits the visitor to, as a turn of the conversation after the help they follow. No
//! pop-up, no countdown.

use crate::help_first::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AsksProps {
    pub actions: Vec<Action>,
    /// The visitor followed the call to action with this id.
    pub onfollow: Callback<String>,
}

#[function_component]
pub fn Asks(props: &AsksProps) -> Html {
    html! {
        <aside class="turn asks" aria-labelledby="hf-asks-title">
            <p id="hf-asks-title" class="related-title">{ "When you're ready" }</p>
            <ul>
                { for props.actions.iter().map(|action| {
                    let id = action.id.clone();
                    let onclick = props.onfollow.reform(move |_: MouseEvent| id.clone());
                    html! {
                        <li>
                            <a href={action.url.clone()} {onclick}>{ &action.label }</a>
                            if !action.detail.is_empty() {
                                <span class="detail">{ &action.detail }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        </aside>
    }
}
