//! Typo tolerance: finding the vocabulary word a misspelt question word was meant to be.
//!
//! Key decisions: only words that are *not* in the vocabulary are corrected (a real word is never
//! "corrected" into another), only words of 5 or more letters are (short words have too many
//! neighbours: "card" is one edit from "cart", "care" and "hard"), and the edit budget grows with
//! length: 1 edit for 5-8 letters, 2 for 9 or more. An edit is an insertion, deletion, substitution
//! or swap of two adjacent letters (the most common typing slip).

/// The number of edits a word of this many characters may be away from its correction.
pub(crate) fn budget(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The edit distance between `a` and `b` if it is at most `max`, else `None`. Bounded so that the
/// scan over a vocabulary gives up on a candidate as soon as it cannot be within the budget.
pub(crate) fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    // Three rows of the optimal-string-alignment matrix: two back is needed for swaps.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

/// The best correction of `word` among `vocabulary` (words with how often they occur): the fewest
/// edits, then the most frequent word, then the alphabetically first so results are stable.
pub(crate) fn correct<'a>(
    word: &str,
    vocabulary: impl Iterator<Item = (&'a str, u32)>,
) -> Option<&'a str> {
    let chars: Vec<char> = word.chars().collect();
    let max = budget(chars.len());
    if max == 0 {
        return None;
    }
    let mut best: Option<(usize, u32, &str)> = None;
    let mut candidate: Vec<char> = Vec::new();
    for (entry, count) in vocabulary {
        candidate.clear();
        candidate.extend(entry.chars());
        // Corrections must be real words of a similar size, not short stems ("cancel" for "cancle" is
        // fine; "can" for "cancle" is not).
        if candidate.len() < 4 {
            continue;
        }
        let Some(distance) = distance_within(&chars, &candidate, max) else {
            continue;
        };
        let better = match best {
            None => true,
            Some((d, c, e)) => {
                (distance, std::cmp::Reverse(count), entry) < (d, std::cmp::Reverse(c), e)
            }
        };
        if better {
            best = Some((distance, count, entry));
        }
    }
    best.map(|(_, _, entry)| entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance_within(&a, &b, max)
    }

    #[test]
    fn counts_insertions_deletions_substitutions_and_swaps() {
        assert_eq!(d("cancelation", "cancellation", 2), Some(1));
        assert_eq!(d("subscripton", "subscription", 2), Some(1));
        assert_eq!(d("recieve", "receive", 1), Some(1));
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("same", "same", 0), Some(0));
    }

    #[test]
    fn budget_grows_with_length() {
        assert_eq!(budget(4), 0);
        assert_eq!(budget(5), 1);
        assert_eq!(budget(8), 1);
        assert_eq!(budget(9), 2);
    }

    #[test]
    fn picks_the_closest_then_most_frequent_word() {
        let vocabulary = [("refund", 3), ("refunds", 9), ("rebound", 20)];
        assert_eq!(
            correct("refnud", vocabulary.iter().map(|&(w, c)| (w, c))),
            Some("refund")
        );
        assert_eq!(
            correct("card", [("cart", 5)].into_iter()),
            None,
            "short words are never corrected"
        );
    }
}
