//! Content gaps: the questions the content could not answer, grouped by what they ask about.
//!
//! Key decision: questions are compared on the engine's own key terms (folded, stemmed, no stop
//! words), by overlap (Jaccard) against each group's first question, greedily, most asked first.
//! It is simple, deterministic and explainable to a marketer: a group is "questions sharing most
//! of their words with this one", and the label is the phrasing asked most often.

use crate::answer::key_terms;
use std::collections::BTreeSet;

/// Questions sharing at least this share of their key terms belong together.
const SIMILAR: f64 = 0.5;
/// How many phrasings a group shows besides its label.
const EXAMPLES: usize = 3;

/// One content gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// The phrasing asked most often.
    pub label: String,
    /// How many times any question of the group was asked.
    pub count: usize,
    /// Other phrasings, most asked first.
    pub examples: Vec<String>,
}

/// Groups `questions` (each phrasing with how often it was asked), largest group first.
pub fn group(questions: &[(String, usize)], language: &str) -> Vec<Gap> {
    let mut sorted: Vec<&(String, usize)> = questions.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut groups: Vec<(BTreeSet<String>, Gap)> = Vec::new();
    for (question, count) in sorted {
        let terms: BTreeSet<String> = key_terms(question, language).into_iter().collect();
        let home = groups
            .iter_mut()
            .find(|(first, _)| similarity(first, &terms) >= SIMILAR);
        match home {
            Some((_, gap)) => {
                gap.count += count;
                if gap.examples.len() < EXAMPLES {
                    gap.examples.push(question.clone());
                }
            }
            None => groups.push((
                terms,
                Gap {
                    label: question.clone(),
                    count: *count,
                    examples: Vec::new(),
                },
            )),
        }
    }
    let mut gaps: Vec<Gap> = groups.into_iter().map(|(_, gap)| gap).collect();
    gaps.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    gaps
}

fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
        pairs.iter().map(|(q, n)| (q.to_string(), *n)).collect()
    }

    #[test]
    fn phrasings_of_one_need_group_together_and_others_stay_apart() {
        let gaps = group(
            &asked(&[
                ("Can I export to PDF?", 2),
                ("export pdf", 1),
                ("exporting to PDF", 1),
                ("Do you support SSO?", 1),
            ]),
            "en",
        );
        assert_eq!(gaps.len(), 2);
        assert_eq!(gaps[0].label, "Can I export to PDF?");
        assert_eq!(gaps[0].count, 4);
        assert_eq!(gaps[0].examples, ["export pdf", "exporting to PDF"]);
        assert_eq!(gaps[1].label, "Do you support SSO?");
        assert_eq!(gaps[1].count, 1);
    }
}
