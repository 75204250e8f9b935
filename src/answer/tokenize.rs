//! Turning text into the words the engine compares: Unicode-aware splitting, case folding and
//! diacritics folding for Latin scripts.
//!
//! Key decision: documents and questions go through exactly the same [`Analyzer`], so whatever the
//! folding does (`Café` → `cafe`, `isn't` → `is not`, `top-up` → `top up`) it can never make a
//! question miss the text it was written against. Folding is deliberately small: a 160-entry table
//! for Latin-1 and Latin Extended-A plus dropping combining marks, which covers the European
//! languages without shipping Unicode normalisation tables to the browser.

use super::stem::Language;
use serde::{Deserialize, Serialize};

/// One word of a text, as the engine sees it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// The folded word as written (lower case, no accents): what typo tolerance and prefix
    /// suggestions compare, since people misspell words, not stems.
    pub surface: String,
    /// The indexed form: the stem for languages with a stemmer, else the surface.
    pub term: String,
    /// A function word (`the`, `is`, `my`): kept for phrases, left out of matching.
    pub stop: bool,
}

/// The language-dependent half of analysis: which stemmer and stop words apply.
///
/// A prebuilt index stores it as its language tag: the stemmer is code, made again on reading.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub(crate) struct Analyzer {
    /// English contractions (`isn't` → `is not`) are English-only rules.
    english: bool,
    language: Language,
    /// The primary subtag it was made for (`en`, `de`, ...).
    primary: String,
}

impl From<String> for Analyzer {
    fn from(primary: String) -> Analyzer {
        Analyzer::new(&primary)
    }
}

impl From<Analyzer> for String {
    fn from(analyzer: Analyzer) -> String {
        analyzer.primary
    }
}

impl Analyzer {
    /// An analyzer for a BCP 47 language tag: the language's Snowball stemmer and stop words when
    /// this build has them (see [`super::stem`]); any other language is still folded and split.
    pub fn new(language: &str) -> Analyzer {
        let mut primary = language
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if primary.is_empty() {
            primary = "en".into();
        }
        Analyzer {
            english: primary == "en",
            language: Language::new(&primary),
            primary,
        }
    }

    /// Splits and folds `text` into tokens, in order.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for word in words(text) {
            self.push_word(&word, &mut out);
        }
        out
    }

    /// The indexed form of one already folded word.
    pub fn term(&self, surface: &str) -> String {
        self.language.stem(surface)
    }

    pub fn is_stop(&self, surface: &str) -> bool {
        self.language.is_stop_word(surface)
    }

    fn push_word(&self, word: &str, out: &mut Vec<Token>) {
        // Contractions: `isn't` says `is not`, and the `not` matters ("card not working").
        // Possessive `'s` is dropped. Any other apostrophe just joins (`o'clock` → `oclock`).
        if let Some((head, tail)) = word.split_once('\'') {
            if self.english && tail == "t" && head.ends_with('n') && head.len() > 1 {
                let base = &head[..head.len() - 1];
                let base = match base {
                    "ca" => "can",
                    "wo" => "will",
                    "sha" => "shall",
                    other => other,
                };
                self.push_plain(base, out);
                self.push_plain("not", out);
                return;
            }
            if tail == "s" || tail.is_empty() {
                self.push_plain(head, out);
                return;
            }
            // `I'm`, `you're`, `we've`, `I'll`, `I'd`: the verb is a function word either way, but
            // left joined (`im`) it would look like a word the content never uses.
            let verb = match tail {
                "m" => Some("am"),
                "re" => Some("are"),
                "ve" => Some("have"),
                "ll" => Some("will"),
                "d" => Some("would"),
                _ => None,
            };
            if let (true, Some(verb)) = (self.english, verb) {
                self.push_plain(head, out);
                self.push_plain(verb, out);
                return;
            }
            // Elsewhere an apostrophe elides a function word: French `l'abonnement` is `le`
            // + `abonnement`, Italian `dell'account` likewise, and the article is a stop word.
            if !self.english {
                self.push_plain(head, out);
                self.push_plain(tail, out);
                return;
            }
            let joined: String = word.chars().filter(|&c| c != '\'').collect();
            self.push_plain(&joined, out);
            return;
        }
        if self.english && word == "cannot" {
            self.push_plain("can", out);
            self.push_plain("not", out);
            return;
        }
        self.push_plain(word, out);
    }

    fn push_plain(&self, surface: &str, out: &mut Vec<Token>) {
        if surface.is_empty() {
            return;
        }
        out.push(Token {
            surface: surface.to_string(),
            term: self.term(surface),
            stop: self.is_stop(surface),
        });
    }
}

/// Folds case and Latin diacritics: `Ärger` → `arger`, `ÉCOLE` → `ecole`, `Straße` → `strasse`.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for lower in c.to_lowercase() {
            fold_char(lower, &mut out);
        }
    }
    out
}

/// Base letters of U+00E0..=U+00FF (lower-case Latin-1); `*` marks letters that fold to two.
const LATIN1: &[u8; 32] = b"aaaaaa*ceeeeiiiidnooooo\xf7ouuuuy*y";
/// Base letters of U+0100..=U+017F (Latin Extended-A), upper and lower case alike.
const LATIN_EXT_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn fold_char(c: char, out: &mut String) {
    let code = c as u32;
    match code {
        0xDF => out.push_str("ss"),
        0xE6 => out.push_str("ae"),
        0xFE => out.push_str("th"),
        0x132 | 0x133 => out.push_str("ij"),
        0x152 | 0x153 => out.push_str("oe"),
        0xE0..=0xFF if code != 0xF7 => out.push(LATIN1[(code - 0xE0) as usize] as char),
        0x100..=0x17F => out.push(LATIN_EXT_A[(code - 0x100) as usize] as char),
        // Combining marks: text typed as `e` + U+0301 folds like a precomposed `é`.
        0x300..=0x36F => {}
        // Typographic apostrophes become the ASCII one so `isn’t` is `isn't`.
        0x2019 | 0x2018 | 0x2BC => out.push('\''),
        _ => out.push(c),
    }
}

/// Scripts written without spaces between words: each character is its own token, which is what
/// lets a query match inside a run of Chinese or Japanese text at all.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Splits folded text into words: runs of letters and digits, keeping an apostrophe only between
/// two letters so contractions stay whole.
pub(crate) fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if is_unspaced_script(c) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric()
            || (c == '\''
                && !current.is_empty()
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()))
        {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surfaces(text: &str) -> Vec<String> {
        Analyzer::new("en")
            .tokens(text)
            .into_iter()
            .map(|t| t.surface)
            .collect()
    }

    #[test]
    fn folds_case_and_latin_diacritics() {
        assert_eq!(
            fold("Café ÉCOLE Straße Œuvre Łódź"),
            "cafe ecole strasse oeuvre lodz"
        );
        assert_eq!(fold("nai\u{308}ve"), "naive");
    }

    #[test]
    fn splits_on_punctuation_and_keeps_contractions_meaningful() {
        assert_eq!(
            surfaces("Top-up isn't working; can't log in!"),
            ["top", "up", "is", "not", "working", "can", "not", "log", "in"]
        );
        assert_eq!(surfaces("my card’s PIN"), ["my", "card", "pin"]);
        assert_eq!(surfaces("I cannot"), ["i", "can", "not"]);
        assert_eq!(
            surfaces("I'm sure you'd know"),
            ["i", "am", "sure", "you", "would", "know"]
        );
        assert_eq!(surfaces("o'clock"), ["oclock"]);
    }

    #[test]
    fn marks_stop_words_and_stems() {
        let tokens = Analyzer::new("en").tokens("the cancelling");
        assert!(tokens[0].stop);
        assert_eq!(tokens[1].term, "cancel");
    }

    #[test]
    fn each_language_stems_and_stops_with_its_own_rules() {
        let tokens = Analyzer::new("de-AT").tokens("Kündigungen für");
        assert_eq!(tokens[0].term, Analyzer::new("de").term("kundigung"));
        assert_ne!(tokens[0].term, "kundigungen");
        assert!(!tokens[0].stop && tokens[1].stop);
        // English stop words are not German ones.
        assert!(!Analyzer::new("de").tokens("the")[0].stop);
    }

    #[test]
    fn french_elisions_split_off_the_article() {
        let tokens = Analyzer::new("fr").tokens("l'abonnement d’essai");
        let surfaces: Vec<&str> = tokens.iter().map(|t| t.surface.as_str()).collect();
        assert_eq!(surfaces, ["l", "abonnement", "d", "essai"]);
        assert!(tokens[0].stop && !tokens[1].stop);
    }

    #[test]
    fn languages_without_a_stemmer_are_folded_only() {
        let tokens = Analyzer::new("fi").tokens("Kissoja");
        assert_eq!(tokens[0].term, "kissoja");
        assert!(!tokens[0].stop);
    }

    #[test]
    fn unspaced_scripts_split_per_character() {
        assert_eq!(surfaces("解約 plan"), ["解", "約", "plan"]);
    }
}
