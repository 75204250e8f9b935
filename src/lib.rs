//! helpfirst: a buy-assistant that helps a website's prospects before they are customers.
//!
//! The crate is split by what each part is for the product:
//!
//! - [`content`]: what a company knows and says (FAQs, pages, plans, alternatives), the model the
//!   widget loads and the CLI builds.
//! - [`compare`]: comparing options honestly: needs, total cost, fit, the side-by-side table.
//! - [`answer`]: finding the company's best answer to a visitor's question, or saying there is none.
//! - [`help_first`]: when the widget may ask for the sale: only after it has helped.
//! - [`handoff`]: handing a visitor to a real, named person, with an honest reply time.
//! - [`compact`]: reading the compact bytes the widget fetches and stores, without serde's code.
//! - [`events`]: the record of help-first interactions, in the Segment tracking spec's shape.
//! - `widget` (wasm32 only): the Yew component a visitor sees, mounted by `www/helpfirst.js`.
//! - `notify` (native only): telling the named person about a handoff, by e-mail and webhook.
//! - `site` (native only): indexing the company's built site (HTML, sitemap, JSON-LD) as content.
//! - `report` (native only): the marketer's help-first report, computed from the stored events.
//! - `semantic` (native only): the server's sentence encoder, fused with [`answer`]'s engine, and
//!   the `POST /v1/answer` service.
//! - `collector` and `server` (native only): the embedded default endpoint that stores events in
//!   SQLite, and the demo site's HTTP server.
//!
//! Everything that needs no browser is plain Rust, so it is tested natively with `cargo test` and
//! shared unchanged by the widget and the CLI.

pub mod answer;
pub mod compact;
pub mod compare;
pub mod content;
pub mod events;
pub mod handoff;
pub mod help_first;
pub mod locale;

#[cfg(target_arch = "wasm32")]
pub mod widget;

#[cfg(not(target_arch = "wasm32"))]
pub mod collector;
#[cfg(not(target_arch = "wasm32"))]
pub mod notify;
#[cfg(not(target_arch = "wasm32"))]
pub mod report;
#[cfg(not(target_arch = "wasm32"))]
pub mod semantic;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
#[cfg(not(target_arch = "wasm32"))]
pub mod site;
