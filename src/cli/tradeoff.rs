//! The abstention trade-off for `helpfirst eval --sweep`: what each abstain threshold would give on
//! a question set, from the confidences of one run.
//!
//! Key decision: the curve is computed from the top answer's confidence and whether it was right,
//! which a threshold does not change, so one run gives every point exactly, with no re-ranking.
//! Besides a fixed grid of thresholds it reports the exact best threshold for a minimum answered
//! rate, so "the most it can abstain on while answering 95%" is a measured figure, not a grid
//! reading.

/// What happened to one question of the set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// The top answer's confidence (0 when there was no candidate at all).
    pub confidence: f32,
    /// The content has an entry for this question.
    pub answerable: bool,
    /// The top answer is that entry.
    pub right: bool,
}

/// The figures one abstain threshold gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub threshold: f32,
    /// Share of answerable questions answered (confidence at or above the threshold).
    pub answered: f64,
    /// Share of the answered answerable questions whose answer is right.
    pub answered_precision: f64,
    /// Share of the questions without an entry that are abstained on.
    pub abstain_recall: f64,
}

/// The thresholds `--sweep` prints: the shipped one (0.25) and its neighbourhood in even steps.
pub const GRID: [f32; 13] = [
    0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.70, 0.80,
];

/// The figures abstaining below `threshold` gives, like the engine's `confidence < abstain_below`.
pub fn point(outcomes: &[Outcome], threshold: f32) -> Point {
    let (mut answerable, mut answered, mut right, mut without, mut abstained) = (0, 0, 0, 0, 0);
    for outcome in outcomes {
        let answers = outcome.confidence >= threshold;
        if outcome.answerable {
            answerable += 1;
            if answers {
                answered += 1;
                right += usize::from(outcome.right);
            }
        } else {
            without += 1;
            abstained += usize::from(!answers);
        }
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Point {
        threshold,
        answered: share(answered, answerable),
        answered_precision: share(right, answered),
        abstain_recall: share(abstained, without),
    }
}

/// The threshold that abstains on the most questions without an entry while still answering at
/// least `min_answered` of the answerable ones. Only the confidences that occur can change the
/// figures, so trying each of them is exact.
pub fn best_at(outcomes: &[Outcome], min_answered: f64) -> Option<Point> {
    let mut candidates: Vec<f32> = outcomes.iter().map(|o| o.confidence).collect();
    candidates.sort_by(f32::total_cmp);
    candidates.dedup();
    candidates
        .into_iter()
        .map(|threshold| point(outcomes, threshold))
        .filter(|p| p.answered >= min_answered)
        .max_by(|a, b| {
            a.abstain_recall
                .total_cmp(&b.abstain_recall)
                .then(b.threshold.total_cmp(&a.threshold))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(confidence: f32, answerable: bool, right: bool) -> Outcome {
        Outcome {
            confidence,
            answerable,
            right,
        }
    }

    fn set() -> Vec<Outcome> {
        vec![
            outcome(0.9, true, true),
            outcome(0.8, true, true),
            outcome(0.6, true, false),
            outcome(0.3, true, true),
            outcome(0.5, false, false),
            outcome(0.2, false, false),
        ]
    }

    #[test]
    fn a_threshold_answers_at_or_above_it_and_abstains_below() {
        let p = point(&set(), 0.3);
        assert_eq!(p.answered, 1.0);
        assert_eq!(p.answered_precision, 0.75);
        assert_eq!(p.abstain_recall, 0.5);
        let p = point(&set(), 0.55);
        assert_eq!(p.answered, 0.75);
        assert!((p.answered_precision - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(p.abstain_recall, 1.0);
    }

    #[test]
    fn the_best_threshold_keeps_the_answered_rate_and_abstains_most() {
        // Answering all four answerable questions allows abstaining on the 0.2 one only.
        let all = best_at(&set(), 1.0).unwrap();
        assert_eq!((all.threshold, all.abstain_recall), (0.3, 0.5));
        // Giving up one answerable question (0.3) buys the 0.5 one too, at the lowest such threshold.
        let most = best_at(&set(), 0.75).unwrap();
        assert_eq!((most.threshold, most.abstain_recall), (0.6, 1.0));
        assert!(best_at(&[], 0.95).is_none());
    }
}
