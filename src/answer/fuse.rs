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
//! - The confidence is a logistic function of the fused score, the margin to the runner-up and the
//!   answer's own meaning similarity (closest phrasing and centroid blended, `centroid_share`),
//!   fitted by logistic regression of "the top answer is right"
//!   (no-entry questions count as wrong) on the shared BANKING77-derived dev set only
//!   (`bench/answers/fit-confidence.py`), and checked on the CLINC150-derived set. It is well
//!   calibrated on the dev set (answers given 0.9 or more are right 98% of the time, 0.4 to 0.6
//!   about half). The share of unseen words, which the lexical confidence uses, got a weight of
//!   zero here once the meaning similarity is known.
//! - An answer is shown only if its own meaning similarity is at least [`SUPPORT_FLOOR`]: a high
//!   fused score built on shared words ("Do you have a dark mode?" against "Does Kestrel work
//!   offline?", cosine 0.48) is not support. On the dev set, 97% of right answers clear it.

use super::rank::Scored;
use super::{Answer, Config, Ranked, Signals};

/// Share of a document's meaning similarity from the centroid of its phrasings (tuned on the
/// BANKING77-derived dev set: top-1 80.1% at 0, 82.3% at 0.5, 81.7% at 0.7).
pub(crate) const CENTROID_SHARE: f32 = 0.5;
/// Share of the fused score from the meaning similarity (tuned on the BANKING77-derived dev set:
/// top-1 79.6% at 0.5, 79.9% at 0.6, 80.1% at 0.7, before the centroid was added).
pub(crate) const SEMANTIC_WEIGHT: f32 = 0.7;
/// The fused confidence below which the reply abstains: with [`SUPPORT_FLOOR`], the strictest
/// setting that still answers at least 95% of the BANKING77-derived dev questions with an entry.
pub(crate) const ABSTAIN_BELOW: f32 = 0.32;
/// The least meaning similarity an answer needs to be shown.
pub(crate) const SUPPORT_FLOOR: f32 = 0.55;

const BIAS: f32 = -4.44;
const W_SCORE: f32 = 3.57;
const W_MARGIN: f32 = 10.0;
const W_SEMANTIC: f32 = 3.38;

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
    let z =
        BIAS + W_SCORE * signals.score + W_MARGIN * signals.margin + W_SEMANTIC * signals.semantic;
    1.0 / (1.0 + (-z).exp())
}

/// Whether a fused answer may be shown: confident enough, and close enough in meaning.
pub(crate) fn supported(answer: &Answer, abstain_below: f32) -> bool {
    answer.confidence >= abstain_below && answer.signals.semantic >= SUPPORT_FLOOR
}
