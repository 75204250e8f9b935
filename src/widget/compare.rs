//! The compare view: 2 to 4 options side by side in a real table (`<caption>`, `<th scope>`), rows
//! where they differ marked, an "only differences" toggle, and every claim linking to its source.
//!
//! Key decision: the visitor picks the options from a list of every option the content has, so an
//! option outside the table is visibly one tick away rather than silently dropped; the list folds
//! away so the table gets the panel's height. The table scrolls both ways inside a focusable
//! region, with its header row and first column kept in view, instead of squeezing four columns
//! into 360 px.

use super::words::{speak, t, tf};
use crate::compare::{request::MAX_OPTIONS, table, Cell};
use crate::content::{Content, Offering, OfferingKind};
use crate::locale::Speech;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub content: Rc<Content>,
    /// Ids of the options in the table, in the content's order.
    pub selected: Vec<String>,
    pub onselect: Callback<Vec<String>>,
    pub onfit: Callback<()>,
}

/// `(ours)`, `(competitor)` or `(alternative)`: whose option it is, always said.
pub fn whose(offering: &Offering) -> String {
    t(match offering.kind {
        OfferingKind::Plan => "whose.ours",
        OfferingKind::Competitor => "whose.competitor",
        OfferingKind::Alternative => "whose.alternative",
    })
}

#[function_component]
pub fn Compare(props: &CompareProps) -> Html {
    let only_differences = use_state(|| false);
    let offerings = &props.content.offerings;
    let chosen: Vec<&Offering> = offerings
        .iter()
        .filter(|o| props.selected.contains(&o.id))
        .collect();
    speak(|say| view(props, &chosen, say, &only_differences))
}

fn view(
    props: &CompareProps,
    chosen: &[&Offering],
    say: &Speech,
    only_differences: &UseStateHandle<bool>,
) -> Html {
    let offerings = &props.content.offerings;
    let table = table(chosen, say);
    let only = **only_differences;
    let hidden = if only {
        table.rows.iter().filter(|r| !r.differs).count()
    } else {
        0
    };
    let names: Vec<&str> = chosen.iter().map(|o| o.name.as_str()).collect();
    let max = say.number(MAX_OPTIONS as u64);
    let toggle = {
        let only_differences = only_differences.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                only_differences.set(input.checked());
            }
        })
    };
    html! {
        <section class="pane compare" aria-labelledby="hf-pane-title">
            <h3 id="hf-pane-title" tabindex="-1">{ t("compare.title") }</h3>
            // Folded, so the table gets the panel's height; one click away, and what it holds is
            // in the table's caption.
            <details class="picker">
                <summary>{ t("compare.choose") }</summary>
                <fieldset class="pick">
                    <legend>{ tf("compare.pick", &[("max", &max)]) }</legend>
                    { for offerings.iter().map(|o| pick(o, &props.selected, offerings, &props.onselect)) }
                </fieldset>
            </details>
            <label class="toggle">
                <input type="checkbox" checked={only} onchange={toggle} />
                { format!(" {}", t("compare.only_differences")) }
            </label>
            <div class="table-scroll" role="region" aria-labelledby="hf-compare-caption" tabindex="0">
                <table class="side-by-side">
                    <caption id="hf-compare-caption">
                        { tf("compare.caption", &[("names", &say.list(&names))]) }
                    </caption>
                    <thead>
                        <tr>
                            <td></td>
                            { for chosen.iter().map(|o| html! {
                                <th scope="col">{ &o.name }<span class="whose">{ format!(" ({})", whose(o)) }</span></th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for table.rows.iter().filter(|r| r.differs || !only).map(|row| html! {
                            <tr class={classes!(row.differs.then_some("differs"))}>
                                <th scope="row">
                                    if row.differs {
                                        <span class="mark" aria-hidden="true">{ "≠ " }</span>
                                        <span class="visually-hidden">{ t("compare.differs") }</span>
                                    }
                                    { &row.label }
                                </th>
                                { for row.cells.iter().zip(chosen).map(|(cell, o)| view_cell(cell, o, say)) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if hidden > 0 {
                <p class="hint">{ say.count("compare.hidden", hidden as u64) }</p>
            }
            <button type="button" class="primary" onclick={props.onfit.reform(|_| ())}>{ t("compare.find_fit") }</button>
        </section>
    }
}

/// One option's tick box: at least 2 and at most 4 stay ticked, so a tick box that would break
/// that is disabled rather than ignored.
fn pick(
    offering: &Offering,
    selected: &[String],
    offerings: &[Offering],
    onselect: &Callback<Vec<String>>,
) -> Html {
    let checked = selected.contains(&offering.id);
    let disabled = if checked {
        selected.len() <= 2
    } else {
        selected.len() >= MAX_OPTIONS
    };
    let id = offering.id.clone();
    let selected = selected.to_vec();
    let order: Vec<String> = offerings.iter().map(|o| o.id.clone()).collect();
    let onchange = onselect.reform(move |_: Event| {
        order
            .iter()
            .filter(|o| (selected.contains(o) && **o != id) || (!checked && **o == id))
            .cloned()
            .collect()
    });
    html! {
        <label class="option">
            <input type="checkbox" {checked} {disabled} {onchange} />
            { format!(" {} ({})", offering.name, whose(offering)) }
        </label>
    }
}

/// A claim links to its source; the link says whose claim it is and when it was verified, so a
/// screen reader's list of links makes sense on its own.
fn view_cell(cell: &Cell, offering: &Offering, say: &Speech) -> Html {
    if cell.source.is_empty() {
        return html! { <td class="unstated">{ &cell.text }</td> };
    }
    let verified = if cell.verified.is_empty() {
        String::new()
    } else {
        say.fill("compare.verified", &[("date", &say.date(&cell.verified))])
    };
    html! {
        <td>
            <a href={cell.source.clone()}>
                { &cell.text }
                <span class="visually-hidden">{ format!(" ({}{verified})", offering.name) }</span>
            </a>
        </td>
    }
}
