//! The widget's root component: all of its state lives here, and messages are named for what
//! happened (the visitor asked, the content arrived), in the manner of Yew's own examples.

mod answering;
mod handing_off;
mod helping;

use super::browser;
use super::compare::Compare;
use super::composer::Composer;
use super::delivery::Receipt;
use super::fit::Fit;
use super::handoff::{expectation_now, HandoffPane, Request};
use super::layout;
use super::options::Options;
use super::record::Recorder;
use super::service::ServiceReply;
use super::transcript::{Transcript, Turn};
use super::visit::{Pending, Visit};
use super::words::{t, tf};
use crate::answer::Index;
use crate::compare::Needs;
use crate::content::Content;
use crate::events::{Interaction, Properties, Value};
use crate::help_first::Touch;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;
use yew::prelude::*;

/// How many suggestions to show under the question box: enough to help, few enough to scan.
const SUGGESTIONS: usize = 3;
/// How many questions to offer an empty conversation.
const STARTERS: usize = 3;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub options: Rc<Options>,
    /// The loader's launcher button; absent when the widget is mounted on its own (tests).
    pub launcher: Option<HtmlElement>,
    /// The loader's `emit(name, detail)`, which tells the host page what happened.
    pub emit: Option<js_sys::Function>,
    /// The content and its index as the widget's start read them (see `widget::start`), or as
    /// the browser tests give them. The widget never builds an index itself: the code that does
    /// (`Index::new`) is then left out of the wasm.
    pub read: Option<Read>,
    /// The loader's `handover(open)`, which gives the loader's frame up to the panel (see
    /// [`App::take_over_frame`]); absent when there is no loader (tests).
    pub handover: Option<js_sys::Function>,
}

/// The content and its answer index as the widget's start read them, or why it could not.
#[derive(Clone)]
pub enum Read {
    Ready(Rc<Content>, Rc<Index>),
    Failed(String),
}

impl PartialEq for Read {
    fn eq(&self, other: &Read) -> bool {
        match (self, other) {
            (Read::Ready(a, i), Read::Ready(b, j)) => Rc::ptr_eq(a, b) && Rc::ptr_eq(i, j),
            (Read::Failed(a), Read::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// What the widget knows, as it becomes known.
enum Knowledge {
    Loading,
    Ready {
        index: Rc<Index>,
        content: Rc<Content>,
    },
    Failed,
}

pub enum Msg {
    OpenRequested,
    CloseRequested,
    ToggleRequested,
    QuestionAsked(String),
    DraftChanged(String),
    AnswerRated {
        turn: usize,
        helpful: bool,
    },
    /// The content and its answer index (`helpfirst build` made it; built here for content given
    /// directly).
    ContentArrived(Rc<Content>, Rc<Index>),
    ContentFailed(String),
    /// The visitor followed the source link of the answer with this id.
    SourceOpened(String),
    /// The host page's consent manager answered (`helpfirst.consent(granted)`).
    ConsentChanged(bool),
    /// The visitor chose what the panel shows.
    PaneChosen(Pane),
    /// The visitor ticked the options to compare.
    CompareChanged(Vec<String>),
    /// The visitor answered the fit finder (or skipped it).
    FitAnswered(Needs),
    /// The visitor sent their question to the named person.
    HandoffSent(Request),
    /// The collector answered (or could not be reached) about the handoff.
    HandoffReceipt(Receipt),
    /// Whether the endpoint is a collector that tells the person about handoffs.
    CapabilityKnown(bool),
    /// The visitor followed a call to action.
    ActionFollowed(String),
    /// The visitor asked to start the conversation over.
    ResetRequested,
    /// The answer service replied to question `id`, or failed, or ran out of time (`None`).
    ServiceReplied {
        id: u32,
        reply: Option<ServiceReply>,
    },
}

/// What the panel shows: the conversation, the compare view or the fit finder.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Conversation,
    Compare,
    Fit,
    /// "Ask a person": the handoff.
    Person,
}

pub struct App {
    open: bool,
    /// Whether the panel has been drawn: not until it is first opened, so starting the widget
    /// (at the visitor's first sign of intent) costs the host page as little main-thread time as
    /// it can. The loader draws the launcher, and the frame of a panel opened before this one.
    drawn: bool,
    knowledge: Knowledge,
    /// The conversation, the help given and the visit's id, kept across the site's pages.
    visit: Visit,
    /// Questions the content answers that match what the visitor is typing.
    suggestions: Vec<String>,
    /// Questions asked before the content arrived, or while the answer service had one, answered
    /// in turn as soon as it can.
    waiting: Vec<String>,
    /// The question the answer service is answering, with its number.
    pending: Option<(u32, String)>,
    /// The number the next question sent to the answer service gets.
    next_question: u32,
    recorder: Recorder,
    input: NodeRef,
    log: NodeRef,
    panel: NodeRef,
    /// Where focus goes after the next render, so it moves only when the visitor caused it.
    focus: Option<Focus>,
    pane: Pane,
    /// The options in the compare view, in the content's order.
    compared: Vec<String>,
    needs: Option<Rc<Needs>>,
    /// Whether the endpoint tells the person about a handoff; `None` until asked.
    handoffs_delivered: Option<bool>,
    /// The collector refused the last handoff.
    handoff_refused: bool,
    /// What the visitor typed in the loader's frame, put in the question box at the next render.
    draft: Option<String>,
    /// What the visible transcript showed at the last render (its turns, and whether it showed a
    /// "Looking that up…"); `None` while it is not visible. A change scrolls it (see `rendered`).
    shown: Option<(usize, bool)>,
    /// The loader's `handover`, until its frame has given way (see `take_over_frame`).
    handover: Option<js_sys::Function>,
}

#[derive(Clone, Copy)]
enum Focus {
    Question,
    Launcher,
    /// The heading of the compare view or fit finder the visitor just opened.
    PaneTitle,
    /// The fit finder's result, just worked out.
    FitResult,
}

impl Component for App {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let props = ctx.props();
        let arrived = match &props.read {
            Some(Read::Ready(content, index)) => {
                Msg::ContentArrived(content.clone(), index.clone())
            }
            Some(Read::Failed(reason)) => Msg::ContentFailed(reason.clone()),
            None => Msg::ContentFailed("no content was given".into()),
        };
        ctx.link().send_message(arrived);
        let visit = Visit::resume();
        if visit.open {
            // The visitor had the panel open on the previous page: keep it open, without moving
            // focus (they may be reading the page) and without recording a second opening.
            emit_to(&props.emit, "open", &JsValue::UNDEFINED);
        }
        let recorder = Recorder::new(&props.options, visit.id.clone(), props.emit.clone());
        if let Some(pending) = &visit.handoff_pending {
            // Sent on an earlier page and still waiting: hear when it is stored.
            let receipt = ctx.link().callback(Msg::HandoffReceipt);
            recorder.watch(pending.id.clone(), move |r| receipt.emit(r));
        }
        App {
            open: visit.open,
            drawn: visit.open,
            knowledge: Knowledge::Loading,
            visit,
            suggestions: Vec::new(),
            waiting: Vec::new(),
            pending: None,
            next_question: 0,
            recorder,
            input: NodeRef::default(),
            log: NodeRef::default(),
            panel: NodeRef::default(),
            focus: None,
            pane: Pane::Conversation,
            compared: Vec::new(),
            needs: None,
            handoffs_delivered: None,
            handoff_refused: false,
            draft: None,
            shown: None,
            handover: props.handover.clone(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::OpenRequested if self.open => false,
            Msg::CloseRequested if !self.open => false,
            Msg::OpenRequested | Msg::CloseRequested | Msg::ToggleRequested => {
                self.open = !self.open;
                self.drawn = true;
                self.focus = Some(if self.open {
                    Focus::Question
                } else {
                    Focus::Launcher
                });
                if self.open {
                    self.recorder
                        .track(Interaction::WidgetOpened, Properties::new());
                }
                emit(
                    ctx,
                    if self.open { "open" } else { "close" },
                    &JsValue::UNDEFINED,
                );
                self.visit.open = self.open;
                self.visit.keep();
                true
            }
            Msg::QuestionAsked(question) => {
                let question = question.trim().to_string();
                if question.is_empty() {
                    return false;
                }
                if matches!(self.knowledge, Knowledge::Loading) || self.pending.is_some() {
                    self.waiting.push(question);
                } else {
                    self.answer(ctx, question);
                }
                self.visit.keep();
                true
            }
            Msg::DraftChanged(draft) => {
                let suggestions = match &self.knowledge {
                    Knowledge::Ready { index, .. } if draft.trim().len() >= 3 => {
                        index.suggest(&draft, SUGGESTIONS)
                    }
                    _ => Vec::new(),
                };
                let changed = suggestions != self.suggestions;
                self.suggestions = suggestions;
                changed
            }
            Msg::AnswerRated { turn, helpful } => {
                let (id, rating) = match self.visit.turns.get_mut(turn) {
                    Some(Turn::Answered {
                        answer,
                        helpful: rating,
                        ..
                    }) => (answer.id.clone(), rating),
                    // A worked price counts once per set of options it priced.
                    Some(Turn::Priced {
                        worked,
                        helpful: rating,
                    }) => (worked.id(), rating),
                    _ => return false,
                };
                if rating.is_some() {
                    return false;
                }
                *rating = Some(helpful);
                self.recorder.track(
                    Interaction::AnswerRated,
                    properties(&[
                        ("answer_id", Value::Text(id.clone())),
                        ("helpful", Value::Flag(helpful)),
                    ]),
                );
                if helpful {
                    self.helped(Touch::Helpful(id));
                }
                self.visit.keep();
                true
            }
            Msg::ContentArrived(content, index) => {
                if super::words::apply_overrides(&content.strings) {
                    // The panel is drawn again in the new words: what the visitor is typing goes
                    // on in the new question box.
                    self.keep_draft();
                }
                self.settle(ctx, Knowledge::Ready { index, content });
                true
            }
            Msg::PaneChosen(pane) => {
                match pane {
                    Pane::Compare => self.compare(Vec::new()),
                    _ => self.pane = pane,
                }
                self.focus = Some(match pane {
                    Pane::Conversation => Focus::Question,
                    _ => Focus::PaneTitle,
                });
                let endpoint = ctx.props().options.endpoint.clone();
                if pane == Pane::Person && self.handoffs_delivered.is_none() && !endpoint.is_empty()
                {
                    ctx.link().send_future(async move {
                        Msg::CapabilityKnown(browser::delivers_handoffs(&endpoint).await)
                    });
                }
                self.visit.keep();
                true
            }
            Msg::CompareChanged(ids) => {
                self.compare(ids);
                self.visit.keep();
                true
            }
            Msg::FitAnswered(needs) => {
                self.recommend(&needs);
                self.needs = Some(Rc::new(needs));
                self.focus = Some(Focus::FitResult);
                self.visit.keep();
                true
            }
            Msg::HandoffSent(request) => {
                self.hand_off(ctx, request);
                self.visit.keep();
                true
            }
            Msg::HandoffReceipt(receipt) => {
                let Some(pending) = self.visit.handoff_pending.as_mut() else {
                    return false;
                };
                match receipt {
                    Receipt::Waiting => pending.unreachable = true,
                    Receipt::Refused => {
                        self.visit.handoff_pending = None;
                        self.handoff_refused = true;
                    }
                    Receipt::Stored => {
                        let Pending {
                            email,
                            person,
                            expectation,
                            ..
                        } = pending.clone();
                        self.visit.handoff_pending = None;
                        self.visit.turns.push(Turn::HandedOff {
                            person,
                            email: email.clone(),
                            expectation,
                        });
                        self.visit.handed_off = Some(email);
                    }
                }
                self.visit.keep();
                true
            }
            Msg::CapabilityKnown(delivers) => {
                self.handoffs_delivered = Some(delivers);
                true
            }
            Msg::ActionFollowed(id) => {
                self.recorder.track(
                    Interaction::CallToActionClicked,
                    properties(&[
                        ("action_id", Value::Text(id)),
                        ("help_count", Value::Count(self.visit.help.count())),
                    ]),
                );
                false
            }
            Msg::ResetRequested => {
                self.visit.turns.clear();
                self.visit.handed_off = None;
                self.pane = Pane::Conversation;
                self.focus = Some(Focus::Question);
                self.visit.keep();
                true
            }
            Msg::SourceOpened(answer_id) => {
                self.recorder.track(
                    Interaction::SourceOpened,
                    properties(&[("answer_id", Value::Text(answer_id))]),
                );
                false
            }
            Msg::ConsentChanged(granted) => {
                self.recorder.set_consent(granted);
                false
            }
            Msg::ServiceReplied { id, reply } => {
                // The first of the reply and the time-out wins; the other finds nothing pending.
                let Some((_, question)) = self.pending.take_if(|(pending, _)| *pending == id)
                else {
                    return false;
                };
                self.conclude(ctx, question, reply);
                self.answer_waiting(ctx);
                true
            }
            Msg::ContentFailed(reason) => {
                web_sys::console::warn_1(&format!("helpfirst: {reason}").into());
                self.settle(ctx, Knowledge::Failed);
                true
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        if !self.drawn {
            return Html::default();
        }
        let options = &ctx.props().options;
        let link = ctx.link();
        let onkeydown = link.batch_callback(|e: KeyboardEvent| {
            (e.key() == "Escape").then_some(Msg::CloseRequested)
        });
        let content = match &self.knowledge {
            Knowledge::Ready { content, .. } => Some(content),
            _ => None,
        };
        let company = content.map_or_else(|| t("panel.this_company"), |c| c.company.name.clone());
        let comparable = content.filter(|c| c.offerings.len() >= 2).cloned();
        let handoff = content.and_then(|c| c.handoff.clone()).map(Rc::new);
        let wide = !matches!(self.pane, Pane::Conversation | Pane::Person);
        let status = match self.knowledge {
            Knowledge::Loading if !self.waiting.is_empty() => Some(t("panel.looking")),
            Knowledge::Loading => Some(t("panel.preparing")),
            _ if self.pending.is_some() => Some(t("panel.looking")),
            _ => None,
        };
        let loading = matches!(self.knowledge, Knowledge::Loading);
        let conversation = self.pane == Pane::Conversation
            || (self.pane != Pane::Person && comparable.is_none())
            || (self.pane == Pane::Person && handoff.is_none());
        html! {
            <section ref={self.panel.clone()} id="helpfirst-panel" class={classes!("panel", wide.then_some("wide"))} role="dialog" aria-labelledby="hf-title"
                aria-describedby="hf-note" lang={options.locale.clone()} dir={options.direction()}
                hidden={!self.open} popover="manual" {onkeydown} key={super::words::version()}>
                <div class="head">
                    <h2 id="hf-title">{ if options.title.is_empty() { t("launcher.title") } else { options.title.clone() } }</h2>
                    <p id="hf-note" class="note">
                        { tf("panel.note", &[("company", &company)]) }
                    </p>
                    if !self.visit.turns.is_empty() {
                        <button type="button" class="reset" onclick={link.callback(|_| Msg::ResetRequested)}>{ t("panel.start_over") }</button>
                    }
                    <button type="button" class="close" aria-label={t("panel.close")} onclick={link.callback(|_| Msg::CloseRequested)}>
                        <span aria-hidden="true">{ "×" }</span>
                    </button>
                </div>
                if loading {
                    <div class="progress" role="progressbar" aria-label={t("panel.preparing")}></div>
                }
                if comparable.is_some() || handoff.is_some() {
                    { self.view_tools(ctx, comparable.is_some(), handoff.as_deref()) }
                }
                if let Some(content) = &comparable {
                    if self.pane == Pane::Compare {
                        <Compare content={content.clone()} selected={self.compared.clone()}
                            onselect={link.callback(Msg::CompareChanged)}
                            onfit={link.callback(|_| Msg::PaneChosen(Pane::Fit))} />
                    }
                    if self.pane == Pane::Fit {
                        <Fit content={content.clone()} needs={self.needs.clone()}
                            onanswer={link.callback(Msg::FitAnswered)} />
                    }
                }
                if let (Some(handoff), Pane::Person) = (&handoff, self.pane) {
                    <HandoffPane handoff={handoff.clone()} company={company.clone()}
                        question={self.last_question()} expectation={expectation_now(handoff)}
                        hours={super::words::speak(|say| handoff.hours_text_in(say))} status={self.handoff_status(!options.endpoint.is_empty())}
                        onsend={link.callback(Msg::HandoffSent)} />
                }
                if conversation {
                    <Transcript log={self.log.clone()} greeting={if options.greeting.is_empty() { t("panel.greeting") } else { options.greeting.clone() }} turns={self.visit.turns.clone()} status={status}
                        onrate={link.callback(|(turn, helpful)| Msg::AnswerRated { turn, helpful })}
                        onask={link.callback(Msg::QuestionAsked)} onsource={link.callback(Msg::SourceOpened)}
                        contact={options.contact.clone()} person={handoff.as_ref().map(|h| h.first_name().to_string())}
                        onperson={link.callback(|_| Msg::PaneChosen(Pane::Person))} starters={self.starters()}
                        actions={content.and_then(|c| c.asks.as_ref()).map(|a| a.actions.clone()).unwrap_or_default()}
                        onfollow={link.callback(Msg::ActionFollowed)} />
                    <Composer input={self.input.clone()} onask={link.callback(Msg::QuestionAsked)}
                        ondraft={link.callback(Msg::DraftChanged)} suggestions={self.suggestions.clone()} />
                }
            </section>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first_render: bool) {
        self.take_over_frame();
        if let Some(panel) = self.panel.cast::<HtmlElement>() {
            layout::raise(&panel, self.open);
        }
        // A new question comes into view at its start, with the opening of its answer under it
        // (the log region announces the answer to screen readers); a "Looking that up…" at the
        // end. So does the last question when the conversation comes back into view.
        let log = self.log.cast::<HtmlElement>().filter(|_| self.open);
        let now = (
            self.visit.turns.len(),
            self.pending.is_some() || !self.waiting.is_empty(),
        );
        if let Some(log) = log.as_ref().filter(|_| self.shown != Some(now)) {
            if now.1 {
                log.set_scroll_top(log.scroll_height());
            } else {
                layout::show_last_question(log);
            }
        }
        self.shown = log.map(|_| now);
        if let Some(launcher) = &ctx.props().launcher {
            let _ =
                launcher.set_attribute("aria-expanded", if self.open { "true" } else { "false" });
            let _ = launcher.set_attribute("aria-controls", "helpfirst-panel");
        }
        if let Some(input) = self.input.cast::<web_sys::HtmlInputElement>() {
            if let Some(draft) = self.draft.take() {
                input.set_value(&draft);
                ctx.link().send_message(Msg::DraftChanged(draft));
            }
        }
        match self.focus.take() {
            Some(Focus::Question) => {
                if let Some(input) = self.input.cast::<HtmlElement>() {
                    let _ = input.focus();
                }
            }
            Some(Focus::FitResult) => {
                if let Some(panel) = self.panel.cast::<web_sys::Element>() {
                    layout::focus_at_top(&panel, "#hf-fit-result");
                }
            }
            // Only from the widget (or nowhere): a close replayed once the widget is ready, after
            // the visitor closed the loader's frame and went on with the page, steals nothing.
            Some(Focus::Launcher) if layout::focus_is_free() => {
                if let Some(launcher) = &ctx.props().launcher {
                    let _ = launcher.focus();
                }
            }
            Some(Focus::PaneTitle) => {
                let title = self
                    .panel
                    .cast::<web_sys::Element>()
                    .and_then(|panel| panel.query_selector("#hf-pane-title").ok().flatten())
                    .and_then(|title| title.dyn_into::<HtmlElement>().ok());
                if let Some(title) = title {
                    let _ = title.focus();
                }
            }
            _ => {}
        }
    }
}

impl App {
    /// The loader's frame, drawn at a tap that came before the panel existed, gives way in the
    /// same task as the panel is raised: never a moment without a question box (keys typed then
    /// would be lost), nor two of them. What the visitor typed in it goes on here. While the frame
    /// is open and the panel is not yet, the loader answers nothing and the frame stays.
    fn take_over_frame(&mut self) {
        let Some(handover) = &self.handover else {
            return;
        };
        let typed = handover.call1(&JsValue::NULL, &JsValue::from_bool(self.open));
        if let Some(typed) = typed.ok().and_then(|typed| typed.as_string()) {
            self.handover = None;
            if !typed.is_empty() {
                self.draft = Some(typed);
            }
        }
    }

    /// Keeps what is in the question box for the next render, which draws the panel anew: the
    /// visitor's typing goes on in the new box, and focus (lost with the old panel) goes to it.
    fn keep_draft(&mut self) {
        if let Some(input) = self.input.cast::<web_sys::HtmlInputElement>() {
            let typed = input.value();
            if !typed.is_empty() && self.draft.is_none() {
                self.draft = Some(typed);
            }
        }
        if self.open {
            self.focus = Some(Focus::Question);
        }
    }

    /// Questions to start from: the content's first few FAQs.
    fn starters(&self) -> Vec<String> {
        match &self.knowledge {
            Knowledge::Ready { content, .. } => content
                .faqs
                .iter()
                .take(STARTERS)
                .map(|faq| faq.question.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// "Questions", "Compare", "Find my fit" and "Ask a person": which the panel shows.
    fn view_tools(
        &self,
        ctx: &Context<Self>,
        comparable: bool,
        handoff: Option<&crate::handoff::Handoff>,
    ) -> Html {
        let link = ctx.link();
        let tool = |pane: Pane, label: &str| {
            html! {
                <button type="button" aria-pressed={(self.pane == pane).to_string()}
                    onclick={link.callback(move |_| Msg::PaneChosen(pane))}>{ label }</button>
            }
        };
        html! {
            <nav class="tools" aria-label={t("tools.label")}>
                { tool(Pane::Conversation, &t("tools.questions")) }
                if comparable {
                    { tool(Pane::Compare, &t("tools.compare")) }
                    { tool(Pane::Fit, &t("tools.fit")) }
                }
                if let Some(handoff) = handoff {
                    { tool(Pane::Person, &tf("person.ask", &[("name", handoff.first_name())])) }
                }
            </nav>
        }
    }
}

pub(super) fn properties(pairs: &[(&'static str, Value)]) -> Properties {
    pairs.iter().cloned().collect()
}

pub(super) fn emit(ctx: &Context<App>, name: &str, detail: &JsValue) {
    emit_to(&ctx.props().emit, name, detail);
}

/// Tells the host page what happened, through the loader's `emit(name, detail)`.
fn emit_to(emit: &Option<js_sys::Function>, name: &str, detail: &JsValue) {
    if let Some(emit) = emit {
        let _ = emit.call2(&JsValue::NULL, &JsValue::from_str(name), detail);
    }
}
