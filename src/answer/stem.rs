//! The content language's stemmer and stop words: Snowball, one cargo feature per language.
//!
//! Key decision: the Snowball algorithms from a maintained crate (`pagefind_stem`, Pagefind's
//! repackaging of `rust-stemmers` with every language behind its own feature) rather than
//! hand-written stemmers, and only the languages a build enables reach the wasm, the way Pagefind
//! ships only the stemmer a site needs. Stemming makes "cancelling", "cancelled" and
//! "cancellation" one term without shipping a dictionary to the browser. A language without a
//! stemmer in this build (or none at all) is still folded and split, which is what a generic
//! search box would do. English keeps its own Porter2 ([`super::porter2`]), which scores higher on
//! the shared dev set than the crate's current English stemmer.

use super::porter2;
use pagefind_stem::{Algorithm, Stemmer};
use std::sync::Arc;

/// The languages this build can stem, as BCP 47 primary subtags, for `check` and the README.
pub const LANGUAGES: &[&str] = &[
    "en",
    #[cfg(feature = "lang-de")]
    "de",
    #[cfg(feature = "lang-fr")]
    "fr",
    #[cfg(feature = "lang-es")]
    "es",
    #[cfg(feature = "lang-ar")]
    "ar",
];

/// A content language's analysis: its stemmer and stop words, when this build has them.
#[derive(Clone)]
pub(crate) struct Language {
    english: bool,
    stemmer: Option<Arc<Stemmer>>,
    stop_words: &'static [&'static str],
}

impl Language {
    /// The analysis for a BCP 47 primary subtag (`en`, `de`, ...), lower case.
    pub fn new(primary: &str) -> Language {
        let (algorithm, stop_words): (Option<Algorithm>, &'static [&'static str]) = match primary {
            #[cfg(feature = "lang-de")]
            "de" => (Some(Algorithm::German), super::stop_words::GERMAN),
            #[cfg(feature = "lang-fr")]
            "fr" => (Some(Algorithm::French), super::stop_words::FRENCH),
            #[cfg(feature = "lang-es")]
            "es" => (Some(Algorithm::Spanish), super::stop_words::SPANISH),
            #[cfg(feature = "lang-ar")]
            "ar" => (Some(Algorithm::Arabic), super::stop_words::ARABIC),
            _ => (None, &[]),
        };
        Language {
            english: primary == "en",
            stemmer: algorithm.map(|algorithm| Arc::new(Stemmer::create(algorithm))),
            stop_words,
        }
    }

    /// The stem of a folded (lower-case) word. Numbers are left as they are: a stemmer would cut
    /// `1990s` to `1990`, and codes and amounts must match exactly.
    pub fn stem(&self, word: &str) -> String {
        if self.english {
            return porter2::stem(word);
        }
        match &self.stemmer {
            Some(stemmer) if !word.chars().any(|c| c.is_ascii_digit()) => {
                stemmer.stem(word).into_owned()
            }
            _ => word.to_string(),
        }
    }

    /// Whether a folded word is one of the language's stop words.
    pub fn is_stop_word(&self, word: &str) -> bool {
        if self.english {
            return porter2::is_stop_word(word);
        }
        self.stop_words.binary_search(&word).is_ok()
    }
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Language")
            .field("stems", &self.stemmer.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_word_lists_are_sorted_for_binary_search() {
        for list in [
            #[cfg(feature = "lang-de")]
            crate::answer::stop_words::GERMAN,
            #[cfg(feature = "lang-fr")]
            crate::answer::stop_words::FRENCH,
            #[cfg(feature = "lang-es")]
            crate::answer::stop_words::SPANISH,
            #[cfg(feature = "lang-ar")]
            crate::answer::stop_words::ARABIC,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?}", &list[..3]);
        }
    }

    #[test]
    fn english_matches_the_snowball_reference_output() {
        let english = Language::new("en");
        for (word, stem) in [
            ("consigned", "consign"),
            ("consistency", "consist"),
            ("consolatory", "consolatori"),
            ("cancelling", "cancel"),
            ("cancelled", "cancel"),
            ("generously", "generous"),
            ("skies", "sky"),
        ] {
            assert_eq!(english.stem(word), stem, "{word}");
        }
        assert!(english.is_stop_word("the") && !english.is_stop_word("not"));
        assert!(!english.is_stop_word("why"));
    }

    #[cfg(all(feature = "lang-de", feature = "lang-fr", feature = "lang-es"))]
    #[test]
    fn each_language_stems_with_its_own_rules() {
        // Folded forms, as the tokenizer hands them over.
        let german = Language::new("de");
        assert_eq!(german.stem("kundigung"), german.stem("kundigungen"));
        assert!(german.is_stop_word("fur") && !german.is_stop_word("nicht"));
        let french = Language::new("fr");
        assert_eq!(french.stem("abonnements"), french.stem("abonnement"));
        assert!(french.is_stop_word("les") && !french.is_stop_word("pas"));
        let spanish = Language::new("es");
        assert_eq!(spanish.stem("tarjetas"), spanish.stem("tarjeta"));
        assert!(spanish.is_stop_word("los") && !spanish.is_stop_word("no"));
        // English rules are not applied to German: `-ing` is not a German suffix.
        assert_eq!(german.stem("training"), "training");
    }

    #[cfg(feature = "lang-ar")]
    #[test]
    fn arabic_strips_its_prefixes_and_suffixes() {
        let arabic = Language::new("ar");
        // "the account" and "accounts" share the stem of "account".
        assert_eq!(arabic.stem("الحساب"), arabic.stem("حساب"));
        assert!(arabic.is_stop_word("في") && !arabic.is_stop_word("لا"));
    }

    #[test]
    fn a_language_without_a_stemmer_is_left_as_written() {
        let other = Language::new("fi");
        assert_eq!(other.stem("kissoja"), "kissoja");
        assert!(!other.is_stop_word("ja"));
    }

    #[test]
    fn numbers_are_never_stemmed() {
        assert_eq!(Language::new("en").stem("1990s"), "1990s");
    }
}
