//! The marketer's synonyms: groups of words that mean the same thing for this company.
//!
//! Key decision: synonyms expand the *question*, never the documents, and an expansion only ever
//! counts as an alternative way to match the word the visitor typed (with reduced weight), not as
//! an extra word. So "terminate" can find a FAQ that says "cancel", but a FAQ that says both
//! "terminate" and "cancel" does not outrank one that says "terminate" twice as well.

use super::tokenize::Analyzer;
use serde::{Deserialize, Serialize};

/// Synonym groups, analysed the same way as the text they will be matched against.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Synonyms {
    /// Each group's members; each member is its sequence of (term, is a stop word) (multi-word
    /// members like "sign up" are phrases).
    pub(super) groups: Vec<Vec<Vec<(String, bool)>>>,
}

/// A place in the question where a synonym group applies.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expansion {
    /// Index of the first question token of the member that matched.
    pub token: usize,
    /// Number of question tokens that member covers.
    pub len: usize,
    /// The content terms of the group's other members.
    pub terms: Vec<String>,
}

impl Synonyms {
    pub fn new(groups: &[Vec<String>], analyzer: &Analyzer) -> Synonyms {
        let groups = groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|member| {
                        analyzer
                            .tokens(member)
                            .into_iter()
                            .map(|t| (t.term, t.stop))
                            .collect::<Vec<_>>()
                    })
                    .filter(|terms| !terms.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|members| members.len() > 1)
            .collect();
        Synonyms { groups }
    }

    /// Where the question's `terms` (all tokens, stop words included, in order) contain a member of
    /// a group, and the content terms (not stop words) of that group's other members.
    pub fn expansions(&self, terms: &[String]) -> Vec<Expansion> {
        let mut out = Vec::new();
        for members in &self.groups {
            for (m, member) in members.iter().enumerate() {
                let n = member.len();
                for start in 0..terms.len().saturating_sub(n - 1) {
                    if !terms[start..start + n]
                        .iter()
                        .zip(member)
                        .all(|(t, (m, _))| t == m)
                    {
                        continue;
                    }
                    let mut others: Vec<String> = Vec::new();
                    for (o, other) in members.iter().enumerate() {
                        if o == m {
                            continue;
                        }
                        for (term, stop) in other {
                            if !stop
                                && !others.contains(term)
                                && !member.iter().any(|(m, _)| m == term)
                            {
                                others.push(term.clone());
                            }
                        }
                    }
                    if !others.is_empty() {
                        out.push(Expansion {
                            token: start,
                            len: n,
                            terms: others,
                        });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: &Analyzer, text: &str) -> Vec<String> {
        analyzer.tokens(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn expands_single_words_and_phrases_to_the_other_members() {
        let analyzer = Analyzer::new("en");
        let groups = vec![vec![
            "cancel".to_string(),
            "terminate".into(),
            "sign off".into(),
        ]];
        let synonyms = Synonyms::new(&groups, &analyzer);
        let found = synonyms.expansions(&terms(&analyzer, "how to terminating my plan"));
        // "off" is a stop word: matching it would match nearly everything.
        assert_eq!(
            found,
            [Expansion {
                token: 2,
                len: 1,
                terms: vec!["cancel".into(), "sign".into()]
            }]
        );
        let found = synonyms.expansions(&terms(&analyzer, "sign off now"));
        assert_eq!(found[0].terms, ["cancel", "termin"]);
        assert_eq!(found[0].len, 2);
    }

    #[test]
    fn single_member_groups_do_nothing() {
        let analyzer = Analyzer::new("en");
        let synonyms = Synonyms::new(&[vec!["cancel".to_string()]], &analyzer);
        assert!(synonyms.expansions(&terms(&analyzer, "cancel")).is_empty());
    }
}
