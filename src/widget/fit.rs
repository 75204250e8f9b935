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
use super::words::{speak, t, tf};
use crate::compare::reason::{conditional_words, outdoes_words};
use crate::compare::{assess, conditional, Assessment, Billing, Needs, Recommendation, Verdict};
use crate::content::{Content, Money};
use crate::locale::Speech;
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
                .map_err(|_| t("fit.unreadable"))
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
            <h3 id="hf-pane-title" tabindex="-1">{ t("fit.title") }</h3>
            <form class="questions" {onsubmit} novalidate=true>
                <p class="hint">{ t("fit.optional") }</p>
                { speak(|say| questions(&props.content, say)) }
                if let Some(message) = &*problem {
                    <p class="problem" role="alert">{ message }</p>
                }
                <div class="actions">
                    <button type="submit" class="primary">{ t("fit.show") }</button>
                    <button type="button" onclick={skip}>{ t("fit.skip") }</button>
                </div>
            </form>
            if let Some(needs) = &props.needs {
                { speak(|say| results(&props.content, needs, say)) }
            }
        </section>
    }
}

fn questions(content: &Content, say: &Speech) -> Html {
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
                { t("fit.seats") }
                <input type="number" name="seats" min="1" inputmode="numeric" />
            </label>
            { for requirements.iter().map(|(key, name)| html! {
                <fieldset class="question">
                    <legend>{ tf("fit.requirement", &[("name", name)]) }</legend>
                    <label class="option"><input type="radio" name={format!("can-{key}")} value="yes" />{ format!(" {}", t("fit.we_can")) }</label>
                    <label class="option"><input type="radio" name={format!("can-{key}")} value="no" />{ format!(" {}", t("fit.we_cannot")) }</label>
                </fieldset>
            }) }
            if !features.is_empty() {
                <fieldset class="question">
                    <legend>{ t("fit.features") }</legend>
                    { for features.iter().map(|(key, name)| html! {
                        <label class="option"><input type="checkbox" name="must" value={key.to_string()} />{ format!(" {name}") }</label>
                    }) }
                </fieldset>
            }
            { for usages.iter().map(|(metric, name, unit)| html! {
                <label class="question">
                    { tf("fit.usage", &[("name", &say.inline(name)), ("unit", unit)]) }
                    <input type="number" name={format!("usage-{metric}")} min="0" inputmode="numeric" />
                </label>
            }) }
            <label class="question">
                { tf("fit.budget", &[("currency", currency)]) }
                <input type="text" name="budget" inputmode="decimal" autocomplete="off" />
            </label>
            { choice("start", &t("fit.start"), &[("7", t("fit.start.week")), ("30", t("fit.start.month")), ("365", t("fit.start.year"))]) }
            { choice("months", &t("fit.period"), &[("1", say.count("count.months", 1)), ("12", say.count("count.years", 1)), ("24", say.count("count.years", 2)), ("36", say.count("count.years", 3))]) }
            { choice("billing", &t("fit.billing"), &[("monthly", t("fit.billing.monthly")), ("annual", t("fit.billing.annual"))]) }
        </>
    }
}

/// Radio buttons with none pre-selected: an unanswered question stays unanswered.
fn choice(name: &'static str, legend: &str, options: &[(&str, String)]) -> Html {
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
        value.parse().map(Some).map_err(|_| {
            tf(
                "fit.not_whole",
                &[("question", &t(question)), ("value", &value)],
            )
        })
    };
    let mut needs = Needs {
        seats: number("seats", "need.team_size")?.filter(|&n| n > 0),
        months: number("months", "need.period")?,
        start_within_days: number("start", "need.start")?,
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
        needs.budget_per_month = Some(
            Money::parse(&amount(&budget))
                .map_err(|_| tf("fit.bad_budget", &[("value", &budget)]))?,
        );
    }
    let keys = js_sys::Array::from(&data.keys().into());
    for key in keys.iter().filter_map(|k| k.as_string()) {
        if let Some(requirement) = key.strip_prefix("can-") {
            match text(&key).as_str() {
                "yes" => needs.can.insert(requirement.to_string(), true),
                "no" => needs.can.insert(requirement.to_string(), false),
                _ => {}
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

/// An amount as people type it, in any of the panel's languages: `$200`, `200.50`, `1,200.50`,
/// `200,50 €`, `1.200,50`. A comma followed by one or two digits at the end is a decimal comma.
fn amount(typed: &str) -> String {
    let text: String = typed
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .collect();
    match text.rsplit_once(',') {
        Some((whole, cents)) if (1..=2).contains(&cents.len()) && !cents.contains('.') => {
            format!("{}.{cents}", whole.replace(['.', ','], ""))
        }
        _ => text.replace(',', ""),
    }
}

fn results(content: &Content, needs: &Needs, say: &Speech) -> Html {
    let (ranked, recommendation) = assess(&content.offerings, needs, say);
    let months = needs.months();
    let over = say.count("count.months", u64::from(months));
    // What the visitor did not choose is said, not silently assumed.
    let period = match needs.months {
        None => say.fill("fit.no_period", &[("period", &over)]),
        Some(_) => over.clone(),
    };
    let billed = say.t(match needs.billing() {
        Billing::Annual => "fit.billed.annual",
        Billing::Monthly => "fit.billed.monthly",
    });
    let billed = match needs.billing {
        None => say.fill("fit.no_billing", &[("billed", &billed)]),
        Some(_) => billed,
    };
    let named = |a: &Assessment| format!("{} ({})", a.offering.name, whose(a.offering));
    let headline = match &recommendation {
        Recommendation::One(i) => {
            let best = &ranked[*i];
            let mut headline = say.fill(
                "fit.best",
                &[
                    ("name", &best.offering.name),
                    ("whose", &whose(best.offering)),
                    ("cost", &best.cost.summary(say)),
                    ("period", &over),
                ],
            );
            for outdone in &best.outdoes {
                headline.push(' ');
                headline.push_str(&outdoes_words(say, &best.offering.name, outdone));
            }
            headline
        }
        Recommendation::Tie(tied) => {
            let names: Vec<String> = tied.iter().map(|&i| named(&ranked[i])).collect();
            say.fill(
                "fit.tie",
                &[
                    ("names", &say.list(&names)),
                    ("cost", &ranked[tied[0]].cost.summary(say)),
                ],
            )
        }
        Recommendation::Nothing => say.t("fit.nothing"),
    };
    html! {
        <div class="results">
            // Focused once worked out (see `app`), so a screen reader reads the heading and the
            // recommendation it describes, and the visitor sees the result, not the button.
            <h4 id="hf-fit-result" tabindex="-1" aria-describedby="hf-fit-recommendation">{ say.t("fit.what_fits") }</h4>
            <p id="hf-fit-recommendation" class="recommendation">{ headline }</p>
            { for conditional(&ranked, &recommendation).into_iter().map(|i| html! {
                <p class="conditional">{ conditional_words(say, &ranked[i], &whose(ranked[i].offering)) }</p>
            }) }
            <p class="hint">{ say.fill("fit.totals", &[("period", &period), ("billed", &billed)]) }</p>
            <ol class="ranking">
                { for ranked.iter().enumerate().map(|(i, a)| view_option(a, &ranked, i == 0 && recommendation != Recommendation::Nothing, say)) }
            </ol>
        </div>
    }
}

fn view_option(assessment: &Assessment, ranked: &[Assessment], open: bool, say: &Speech) -> Html {
    let offering = assessment.offering;
    let tie = ranked.iter().filter(|a| a.rank == assessment.rank).count() > 1;
    let rank = say.number(assessment.rank as u64);
    let rank = if tie {
        say.fill("fit.tie_rank", &[("rank", &rank)])
    } else {
        rank
    };
    html! {
        <li class="ranked">
            <p class="option-head">
                <strong>{ format!("{rank}. {}", offering.name) }</strong>
                { format!(" ({}): {}", whose(offering), assessment.cost.summary(say)) }
                { if assessment.fits() { say.t("fit.meets_every") } else { String::new() } }
            </p>
            if !assessment.points.is_empty() {
                <ul class="points">
                    { for assessment.points.iter().map(|p| {
                        let (mark, class, said) = match p.verdict {
                            Verdict::Meets => ("✓", "meets", "verdict.meets"),
                            Verdict::Misses => ("✗", "misses", "verdict.misses"),
                            Verdict::Unknown => ("?", "unknown", "verdict.unknown"),
                            Verdict::Unconfirmed => ("!", "unconfirmed", "verdict.unconfirmed"),
                        };
                        let reason = p.reason.words(say);
                        html! {
                            <li class={classes!("point", class)}>
                                <span aria-hidden="true">{ format!("{mark} ") }</span>
                                <span class="visually-hidden">{ say.fill("labelled", &[("label", &say.t(said)), ("text", "")]) }</span>
                                { say.fill("labelled", &[("label", &p.need), ("text", "")]) }
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
                <ul class="caveats" aria-label={say.fill("fit.caveats_for", &[("name", &offering.name)])}>
                    { for assessment.caveats.iter().map(|c| match c.source() {
                        "" => html! { <li>{ c.words(say) }</li> },
                        source => html! { <li><a href={source.to_string()}>{ c.words(say) }</a></li> },
                    }) }
                </ul>
            }
            if assessment.fits() && !assessment.gives_up.is_empty() {
                <p class="gives-up">{ say.fill("fit.gives_up", &[("items", &assessment.gives_up.join("; "))]) }</p>
            }
            <details {open}>
                <summary>{ say.fill("fit.how_total", &[("name", &offering.name)]) }</summary>
                <ol class="arithmetic">
                    { for assessment.cost.lines.iter().map(|line| html! { <li>{ line }</li> }) }
                </ol>
            </details>
        </li>
    }
}
