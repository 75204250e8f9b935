//! Comparing options honestly: the visitor's needs, what each option costs them over a period, how
//! well each fits, and a side-by-side table.
//!
//! Key decision: this is plain Rust over the content model, shared unchanged by the widget and
//! `helpfirst compare`, so the honesty rules (every option kept, ties shown only as real ties,
//! money in whole cents rounded up, every claim and caveat with its source) are enforced once and
//! tested natively.

pub mod caveats;
pub mod cost;
pub mod fit;
pub mod needs;
pub mod reason;
pub mod request;
pub mod table;
pub mod worked;

pub use caveats::{caveats, Caveat};
pub use cost::{total_cost, Cost, Total};
pub use fit::{assess, conditional, Assessment, Outdone, Point, Recommendation, Relation, Verdict};
pub use needs::{Billing, Needs};
pub use reason::Reason;
pub use request::requested;
pub use table::{table, Cell, Row, Table};
pub use worked::{worked_answer, Worked};
