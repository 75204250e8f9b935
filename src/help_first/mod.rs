//! The help-first policy: when the widget may ask for the sale.
//!
//! Sales calls to action (start a trial, book a demo, talk to sales) stay hidden until the visitor
//! has been helped enough times, or until they ask for one in their own words. Key decision: only
//! what helped counts, in *distinct* touches: an answer rated helpful (once per answer), the
//! compare view (once per visit, however its boxes change), a fit result (once per result), so
//! no click can inflate the count into an earlier ask. When the asks may then appear is the
//! widget's: never in the same moment as the panel opens or a click that only changed a
//! selection.

use crate::compact::{Decode, Encode, Reader, Writer};
use serde::{Deserialize, Serialize};

/// The content's `[asks]` table: the calls to action and when they may appear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Asks {
    /// How many helpful touches come before any ask.
    #[serde(default = "default_after_helped")]
    pub after_helped: u32,
    #[serde(default)]
    pub actions: Vec<Action>,
}

fn default_after_helped() -> u32 {
    3
}

impl Default for Asks {
    fn default() -> Self {
        Asks {
            after_helped: default_after_helped(),
            actions: Vec::new(),
        }
    }
}

/// One call to action.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub id: String,
    /// The link's text: what happens, plainly ("Start a 14-day free trial").
    pub label: String,
    /// The cost or limit that comes with it ("No card needed"), shown beside the label.
    #[serde(default)]
    pub detail: String,
    pub url: String,
    /// Phrases that mean the visitor is asking for this themselves ("free trial", "demo").
    #[serde(default)]
    pub when_asked: Vec<String>,
}

/// Something that helped the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touch {
    /// The visitor said this answer helped.
    Helpful(String),
    /// The visitor viewed the compare view: once per visit, whichever options it showed.
    Compared,
    /// The fit finder gave the visitor a result (the recommended option, or none).
    Fitted(Option<String>),
}

impl Touch {
    /// Equal touches have equal keys, so each counts once.
    fn key(&self) -> String {
        match self {
            Touch::Helpful(answer) => format!("helpful:{answer}"),
            Touch::Compared => "compared".to_string(),
            Touch::Fitted(option) => format!("fitted:{}", option.as_deref().unwrap_or("")),
        }
    }
}

/// Why the calls to action are showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The visit was helped `after_helped` times.
    Helped,
    /// The visitor asked for one.
    Asked,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Helped => "helped",
            Reason::Asked => "asked",
        }
    }
}

/// One visit's help so far, and whether the asks have appeared. Kept for the visit (the tab's
/// session), so it survives navigation on the site but not a new visit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Help {
    /// The touches' keys, sorted, each once. A sorted list rather than a `BTreeSet`: it is stored
    /// the same way (a sequence of strings), and the set's node code would cost the WebAssembly
    /// kilobytes for a visit's handful of touches.
    touches: Vec<String>,
    /// Set once, when the asks first appear; they then stay.
    shown: Option<Reason>,
}

impl Help {
    /// Counts a touch; `true` if it was new.
    pub fn touch(&mut self, touch: Touch) -> bool {
        let key = touch.key();
        match self.touches.binary_search(&key) {
            Ok(_) => false,
            Err(at) => {
                self.touches.insert(at, key);
                true
            }
        }
    }

    pub fn count(&self) -> u32 {
        u32::try_from(self.touches.len()).unwrap_or(u32::MAX)
    }

    pub fn shown(&self) -> Option<Reason> {
        self.shown
    }

    /// Shows the asks if they are due and were not shown yet: after enough help, or because the
    /// visitor asked. Returns the reason when they appear now, so the caller records it once.
    pub fn show_if_due(&mut self, asks: &Asks, asked: bool) -> Option<Reason> {
        if self.shown.is_some() || asks.actions.is_empty() {
            return None;
        }
        let reason = if asked {
            Reason::Asked
        } else if self.count() >= asks.after_helped {
            Reason::Helped
        } else {
            return None;
        };
        self.shown = Some(reason);
        Some(reason)
    }
}

/// Kept with the visit (see [`crate::compact`]): the touches, then whether the asks were shown.
impl Encode for Help {
    fn encode(&self, w: &mut Writer) {
        w.write(&self.touches);
        match self.shown {
            None => w.write(&false),
            Some(reason) => {
                w.write(&true);
                w.variant(match reason {
                    Reason::Helped => 0,
                    Reason::Asked => 1,
                });
            }
        }
    }
}

impl Decode for Help {
    fn decode(r: &mut Reader<'_>) -> Help {
        let touches = r.read();
        let shown = r.read::<bool>().then(|| match r.variant() {
            0 => Reason::Helped,
            1 => Reason::Asked,
            _ => r.damaged(Reason::Helped),
        });
        Help { touches, shown }
    }
}

/// The calls to action the visitor asks for in `question`: each action whose `when_asked` phrase
/// appears in it, word for word (a phrase word also matches its plural or longer forms, so
/// "demo" matches "demos").
pub fn requested<'a>(question: &str, asks: &'a Asks) -> Vec<&'a Action> {
    let words = words(question);
    asks.actions
        .iter()
        .filter(|action| {
            action.when_asked.iter().any(|phrase| {
                let phrase = self::words(phrase);
                !phrase.is_empty()
                    && words.windows(phrase.len()).any(|window| {
                        window
                            .iter()
                            .zip(&phrase)
                            .all(|(word, wanted)| word.starts_with(wanted.as_str()))
                    })
            })
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Help, Reason, Touch};
    use crate::compact::{Reader, Writer};

    #[test]
    fn a_visits_help_is_kept_and_read_back_whole() {
        let mut help = Help::default();
        let kept = |help: &Help| {
            let mut writer = Writer::default();
            writer.write(help);
            let bytes = writer.into_bytes();
            let mut reader = Reader::new(&bytes);
            let read: Help = reader.read();
            assert_eq!(reader.finish(), Ok(&[][..]));
            read
        };
        assert_eq!(kept(&help), help);
        help.touch(Touch::Helpful("trial".into()));
        help.touch(Touch::Compared);
        help.shown = Some(Reason::Asked);
        assert_eq!(kept(&help), help);
        help.shown = Some(Reason::Helped);
        assert_eq!(kept(&help), help);
    }
}
