//! The fit finder: a few optional questions drawn from the content (team size, what the listed
//! options need of the visitor, must-have features, metered needs, budget, timeline, period and
//! billing), then the recommendation with its reasons point by point, the options that would fit
//! if the visitor can take on what they need, every caveat the content wrote, what each gives up,
//! and every option's total cost with the arithmetic.
//!
//! Key decision: no question has a pre-selected answer and every one can be skipped; what was
//! skipped stays unknown (`Needs` fields are `None`), and the results say what was assumed for the
//! arithmetic. Answers are read from the form on submit (`FormData`), so the questions are plain
//! HTML controls that work with every keyboard and screen reader.

use super::compare::whose;
use crate::compare::reason::{conditional_words, outdoes_words};
use crate::compare::words;
use crate::compare::{assess, conditional, Assessment, Billing, Needs, Recommendation, Verdict};
use crate::content::{Content, Money};
use std::rc::Rc;
use web_sys::{FormData, HtmlFormElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FitProps {
    pub content: Rc<Content>,
    /// The visitor's answers, once given (all skipped is `Needs::default()`).
    pub needs: Option<Rc<Needs>>,
    pub onanswer: Callback<Needs>,
}

#[function_component]
pub fn Fit(props: &FitProps) -> Html {
    let problem = use_state(|| None::<String>);
    let onsubmit = {
        let onanswer = props.onanswer.clone();
        let problem = problem.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(form) = e.target_dyn_into::<HtmlFormElement>() else {
                return;
            };
            match FormData::new_with_form(&form)
                .map_err(|_| "The answers could not be read.".to_string())
                .and_then(|data| read_needs(&data))
            {
                Ok(needs) => {
                    problem.set(None);
                    onanswer.emit(needs);
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
    let skip = props.onanswer.reform(|_: MouseEvent| Needs::default());
    html! {
        <section class="pane fit" aria-labelledby="hf-pane-title">
            <h3 id="hf-pane-title" tabindex="-1">{ "Find which option fits" }</h3>
            <form class="questions" {onsubmit} novalidate=true>
                <p class="hint">{ "Every question is optional: skip any you like." }</p>
                { questions(&props.content) }
                if let Some(message) = &*problem {
                    <p class="problem" role="alert">{ message }</p>
                }
                <div class="actions">
                    <button type="submit" class="primary">{ "Show what fits" }</button>
                    <button type="button" onclick={skip}>{ "Skip the questions" }</button>
                </div>
            </form>
            if let Some(needs) = &props.needs {
                { results(&props.content, needs) }
            }
        </section>
    }
}

fn questions(content: &Content) -> Html {
    let mut features: Vec<(&str, &str)> = Vec::new();
    for feature in content.offerings.iter().flat_map(|o| &o.features) {
        if !features.iter().any(|(key, _)| *key == feature.key) {
            features.push((&feature.key, &feature.name));
        }
    }
    let mut usages = Vec::new();
    for usage in content.offerings.iter().flat_map(|o| &o.price.usage) {
        if !usages.iter().any(|(metric, _, _)| *metric == usage.metric) {
            usages.push((
                usage.metric.as_str(),
                usage.name.as_str(),
                usage.unit.as_str(),
            ));
        }
    }
    let mut requirements = Vec::new();
    for requirement in content.offerings.iter().flat_map(|o| &o.requires) {
        if !requirements
            .iter()
            .any(|(key, _)| *key == requirement.key.as_str())
        {
            requirements.push((requirement.key.as_str(), requirement.name.as_str()));
        }
    }
    let currency = content
        .offerings
        .first()
        .map_or("USD", |o| o.price.currency.as_str());
    html! {
        <>
            <label class="question">
                { "How many people will use it?" }
                <input type="number" name="seats" min="1" inputmode="numeric" />
            </label>
            { for requirements.iter().map(|(key, name)| html! {
                <fieldset class="question">
                    <legend>{ format!("Some options need this of you: {name}. Can you?") }</legend>
                    <label class="option"><input type="radio" name={format!("can-{key}")} value="yes" />{ " Yes, we can" }</label>
                    <label class="option"><input type="radio" name={format!("can-{key}")} value="no" />{ " No, we can't" }</label>
                </fieldset>
            }) }
            if !features.is_empty() {
                <fieldset class="question">
                    <legend>{ "Which features must it have?" }</legend>
                    { for features.iter().map(|(key, name)| html! {
                        <label class="option"><input type="checkbox" name="must" value={key.to_string()} />{ format!(" {name}") }</label>
                    }) }
                </fieldset>
            }
            { for usages.iter().map(|(metric, name, unit)| html! {
                <label class="question">
                    { format!("How much {} do you need, in {unit}?", name.to_lowercase()) }
                    <input type="number" name={format!("usage-{metric}")} min="0" inputmode="numeric" />
                </label>
            }) }
            <label class="question">
                { format!("Your budget a month, in {currency}?") }
                <input type="text" name="budget" inputmode="decimal" autocomplete="off" />
            </label>
            { choice("start", "When do you need to start?", &[("7", "Within a week"), ("30", "Within a month"), ("365", "Within a year")]) }
            { choice("months", "Over how long should the cost be worked out?", &[("1", "1 month"), ("12", "1 year"), ("24", "2 years"), ("36", "3 years")]) }
            { choice("billing", "How would you pay?", &[("monthly", "Monthly"), ("annual", "Yearly")]) }
        </>
    }
}

/// Radio buttons with none pre-selected: an unanswered question stays unanswered.
fn choice(name: &'static str, legend: &str, options: &[(&str, &str)]) -> Html {
    html! {
        <fieldset class="question">
            <legend>{ legend }</legend>
            { for options.iter().map(|(value, label)| html! {
                <label class="option"><input type="radio" {name} value={value.to_string()} />{ format!(" {label}") }</label>
            }) }
        </fieldset>
    }
}

/// The answers as needs; a blank answer is a skipped question, a wrong one is named.
fn read_needs(data: &FormData) -> Result<Needs, String> {
    let text = |name: &str| {
        data.get(name)
            .as_string()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let number = |name: &str, question: &str| -> Result<Option<u32>, String> {
        let value = text(name);
        if value.is_empty() {
            return Ok(None);
        }
        value
            .parse()
            .map(Some)
            .map_err(|_| format!("{question}: `{value}` is not a whole number."))
    };
    let mut needs = Needs {
        seats: number("seats", "Team size")?.filter(|&n| n > 0),
        months: number("months", "Period")?,
        start_within_days: number("start", "Start")?,
        billing: match text("billing").as_str() {
            "annual" => Some(Billing::Annual),
            "monthly" => Some(Billing::Monthly),
            _ => None,
        },
        must_have: data
            .get_all("must")
            .iter()
            .filter_map(|v| v.as_string())
            .collect(),
        ..Needs::default()
    };
    let budget = text("budget");
    if !budget.is_empty() {
        let amount = budget.trim_start_matches(['$', '€', '£']).replace(',', "");
        needs.budget_per_month = Some(
            Money::parse(&amount)
                .map_err(|_| format!("Budget: `{budget}` is not an amount like 200 or 200.50."))?,
        );
    }
    let keys = js_sys::Array::from(&data.keys().into());
    for key in keys.iter().filter_map(|k| k.as_string()) {
        if let Some(requirement) = key.strip_prefix("can-") {
            match text(&key).as_str() {
                "yes" => needs.can.insert(requirement.to_string(), true),
                "no" => needs.can.insert(requirement.to_string(), false),
                _ => None,
            };
        }
        if let Some(metric) = key.strip_prefix("usage-") {
            if let Some(amount) = number(&key, metric)? {
                needs.usage.insert(metric.to_string(), u64::from(amount));
            }
        }
    }
    Ok(needs)
}

fn results(content: &Content, needs: &Needs) -> Html {
    let (ranked, recommendation) = assess(&content.offerings, needs);
    let months = needs.months();
    // What the visitor did not choose is said, not silently assumed.
    let unchosen = |skipped: bool, note: &'static str| if skipped { note } else { "" };
    let billed = match needs.billing() {
        Billing::Annual => "yearly",
        Billing::Monthly => "monthly",
    };
    let period = format!(
        "{}{}, billed {billed}{}",
        words::months(months),
        unchosen(needs.months.is_none(), " (no period chosen)"),
        unchosen(needs.billing.is_none(), " (no billing chosen)")
    );
    let over = words::months(months);
    let headline = match &recommendation {
        Recommendation::One(i) => {
            let best = &ranked[*i];
            let mut headline = format!(
                "{} ({}) fits best: it meets every need you gave, for {} over {over}, the lowest of the options that do.",
                best.offering.name,
                whose(best.offering),
                best.cost.summary()
            );
            for outdone in &best.outdoes {
                headline.push(' ');
                headline.push_str(&outdoes_words(&best.offering.name, outdone));
            }
            headline
        }
        Recommendation::Tie(tied) => {
            let names: Vec<String> = tied
                .iter()
                .map(|&i| format!("{} ({})", ranked[i].offering.name, whose(ranked[i].offering)))
                .collect();
            format!(
                "A tie: {} meet every need you gave at the same cost, {}, and each offers something the other does not. The difference is in the details below.",
                words::list(&names),
                ranked[tied[0]].cost.summary()
            )
        }
        Recommendation::Nothing => "Nothing listed here meets every need you gave. Below is what each option misses, so you can choose what to give up.".to_string(),
    };
    html! {
        <div class="results">
            // Focused once worked out (see `app`), so a screen reader reads the heading and the
            // recommendation it describes, and the visitor sees the result, not the button.
            <h4 id="hf-fit-result" tabindex="-1" aria-describedby="hf-fit-recommendation">{ "What fits" }</h4>
            <p id="hf-fit-recommendation" class="recommendation">{ headline }</p>
            { for conditional(&ranked, &recommendation).into_iter().map(|i| html! {
                <p class="conditional">{ conditional_words(&ranked[i], whose(ranked[i].offering)) }</p>
            }) }
            <p class="hint">{ format!("Costs are totals over {period}.") }</p>
            <ol class="ranking">
                { for ranked.iter().enumerate().map(|(i, a)| view_option(a, &ranked, i == 0 && recommendation != Recommendation::Nothing)) }
            </ol>
        </div>
    }
}

fn view_option(assessment: &Assessment, ranked: &[Assessment], open: bool) -> Html {
    let offering = assessment.offering;
    let tie = ranked.iter().filter(|a| a.rank == assessment.rank).count() > 1;
    let rank = if tie {
        format!("{} (tie)", assessment.rank)
    } else {
        assessment.rank.to_string()
    };
    html! {
        <li class="ranked">
            <p class="option-head">
                <strong>{ format!("{rank}. {}", offering.name) }</strong>
                { format!(" ({}): {}", whose(offering), assessment.cost.summary()) }
                { if assessment.fits() { ", meets every need" } else { "" } }
            </p>
            if !assessment.points.is_empty() {
                <ul class="points">
                    { for assessment.points.iter().map(|p| {
                        let (mark, said) = match p.verdict {
                            Verdict::Meets => ("✓", "Meets"),
                            Verdict::Misses => ("✗", "Misses"),
                            Verdict::Unknown => ("?", "Unknown"),
                            Verdict::Unconfirmed => ("!", "Unconfirmed"),
                        };
                        let reason = p.reason.words();
                        html! {
                            <li class={classes!("point", said.to_lowercase())}>
                                <span aria-hidden="true">{ format!("{mark} ") }</span>
                                <span class="visually-hidden">{ format!("{said}: ") }</span>
                                { format!("{}: ", p.need) }
                                if p.source.is_empty() {
                                    { reason }
                                } else {
                                    <a href={p.source.clone()}>{ reason }<span class="visually-hidden">{ format!(" ({})", offering.name) }</span></a>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if !assessment.caveats.is_empty() {
                <ul class="caveats" aria-label={format!("Caveats for {}", offering.name)}>
                    { for assessment.caveats.iter().map(|c| match c.source() {
                        "" => html! { <li>{ c.words() }</li> },
                        source => html! { <li><a href={source.to_string()}>{ c.words() }</a></li> },
                    }) }
                </ul>
            }
            if assessment.fits() && !assessment.gives_up.is_empty() {
                <p class="gives-up">{ format!("You give up: {}.", assessment.gives_up.join("; ")) }</p>
            }
            <details {open}>
                <summary>{ format!("How the total for {} is worked out", offering.name) }</summary>
                <ol class="arithmetic">
                    { for assessment.cost.lines.iter().map(|line| html! { <li>{ line }</li> }) }
                </ol>
            </details>
        </li>
    }
}
