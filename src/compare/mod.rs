//! Comparing options honestly: the visitor's needs, what each option costs them over a period, how
//! well each fits, and a side-by-side table.
//!
//! Key decision: this is plain Rust over the content model, shared unchanged by the widget and
//! `helpfirst compare`, so the honesty rules (every option kept, ties shown as ties, money in
//! whole cents rounded up, every claim with its source) are enforced once and tested natively.

pub mod cost;
pub mod fit;
pub mod needs;
pub mod request;
pub mod table;

pub use cost::{total_cost, Cost, Total};
pub use fit::{assess, Assessment, Point, Recommendation, Relation, Verdict};
pub use needs::{Billing, Needs};
pub use request::requested;
pub use table::{table, Cell, Row, Table};
