//! Fusion: ranking by the lexical evidence and the meaning similarity together, and judging the
//! result with a confidence of its own.
//!
//! The meaning similarity comes from outside this module (the server's sentence encoder,
//! `crate::semantic`, which is native only: its model is 91 MB); fusing is plain arithmetic, so it
//! lives here beside the lexical engine it extends.
//!
//! Key decisions:
//! - Linear fusion of the normalised lexical score (0 to ~1) and the cosine similarity (in
//!   practice 0 to ~0.9): both are already on comparable, question-independent scales, so no
//!   rank-based fusion (which throws the scales away) is needed. Every document is a candidate,
//!   so a question that shares no word with its answer ("stop paying for my plan" → "cancel my
//!   subscription") can still find it.
//! - The confidence is a logistic function of the fused score, the margin to the runner-up, the
//!   answer's own meaning similarity and the share of the question's words the content never uses,
//!   fitted by logistic regression of "the top answer is right" (no-entry questions count as
//!   wrong) on the shared BANKING77-derived dev set only, and checked on the CLINC150-derived set.

use super::rank::Scored;
use super::{Config, Ranked, Signals};

/// Share of the fused score from the meaning similarity (tuned on the BANKING77-derived dev set).
pub(crate) const SEMANTIC_WEIGHT: f32 = 0.6;
/// The fused confidence below which the reply abstains: set so that at least 95% of the
/// BANKING77-derived dev questions that have an entry are answered.
pub(crate) const ABSTAIN_BELOW: f32 = 0.3;

const BIAS: f32 = -6.0;
const W_SCORE: f32 = 6.0;
const W_MARGIN: f32 = 20.0;
const W_SEMANTIC: f32 = 3.0;
const W_UNSEEN: f32 = -1.0;

/// Every document that either engine relates to the question, by fused score, best first; ties by
/// document order.
pub(crate) fn rank(lexical: &[Scored], similarity: &[f32], config: &Config) -> Vec<Ranked> {
    let w = config.semantic_weight.clamp(0.0, 1.0);
    let mut ranked: Vec<Ranked> = similarity
        .iter()
        .enumerate()
        .map(|(doc, &semantic)| Ranked {
            doc,
            score: w * semantic.max(0.0),
            coverage: 0.0,
            phrasing: 0.0,
            semantic,
        })
        .collect();
    for scored in lexical {
        if let Some(entry) = ranked.get_mut(scored.doc) {
            entry.score += (1.0 - w) * scored.score;
            entry.coverage = scored.coverage;
            entry.phrasing = scored.phrasing;
        }
    }
    ranked.retain(|r| r.score > 0.0);
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
    ranked
}

/// The calibrated probability, 0 to 1, that a fused answer with these signals is right.
pub(crate) fn confidence(signals: Signals) -> f32 {
    let z = BIAS
        + W_SCORE * signals.score
        + W_MARGIN * signals.margin
        + W_SEMANTIC * signals.semantic
        + W_UNSEEN * signals.unseen;
    1.0 / (1.0 + (-z).exp())
}
