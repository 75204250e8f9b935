//! Every question with the reply it got: the answer (or none), its confidence, which engine gave
//! it and the visitor's rating, so a marketer sees wrong answers ("HIPAA" answered from the GDPR
//! entry), not just missing ones.
//!
//! Key decision: a rating names the answer, not the question, so it is joined to that visitor's
//! latest earlier showing of that answer not yet rated: the reply the visitor was looking at.

use super::Event;

/// Answers shown with less confidence than this are doubtful enough to count as content gaps.
pub const DOUBTFUL_BELOW: f64 = 0.5;

/// One reply, as the report lists it.
pub struct Reply<'e> {
    pub received_at: &'e str,
    pub question: &'e str,
    /// `None` when there was no good answer.
    pub answer: Option<&'e str>,
    pub confidence: Option<f64>,
    pub answered_by: &'e str,
    pub helpful: Option<bool>,
}

impl Reply<'_> {
    /// Whether the reply belongs among the content gaps: no answer, a doubtful one, or one the
    /// visitor said did not help.
    pub fn is_gap(&self) -> bool {
        self.answer.is_none()
            || self.confidence.is_some_and(|c| c < DOUBTFUL_BELOW)
            || self.helpful == Some(false)
    }

    pub fn row(&self) -> Vec<String> {
        vec![
            self.received_at.to_string(),
            self.question.to_string(),
            self.answer.unwrap_or("no good answer").to_string(),
            self.confidence
                .map_or(String::new(), |c| format!("{:.0}%", c * 100.0)),
            self.answered_by.to_string(),
            match self.helpful {
                Some(true) => "helpful",
                Some(false) => "not helpful",
                None => "",
            }
            .to_string(),
        ]
    }
}

/// The replies in the order they were received, with their ratings.
pub fn replies<'e>(events: &'e [Event]) -> Vec<Reply<'e>> {
    let mut replies: Vec<(Option<&str>, Reply)> = Vec::new();
    for event in events {
        match event.name {
            "Answer Shown" | "No Answer" => {
                let Some(question) = event.text("question") else {
                    continue;
                };
                replies.push((
                    event.visitor,
                    Reply {
                        received_at: event.received_at,
                        question,
                        answer: event.text("answer_id"),
                        confidence: event.properties.get("confidence").and_then(|c| c.as_f64()),
                        // Events from before the answer service existed were all answered locally.
                        answered_by: event.text("answered_by").unwrap_or("local"),
                        helpful: None,
                    },
                ));
            }
            "Answer Rated" => {
                let (Some(id), Some(helpful)) = (
                    event.text("answer_id"),
                    event.properties.get("helpful").and_then(|h| h.as_bool()),
                ) else {
                    continue;
                };
                let rated = replies.iter_mut().rev().find(|(visitor, reply)| {
                    *visitor == event.visitor && reply.answer == Some(id) && reply.helpful.is_none()
                });
                if let Some((_, reply)) = rated {
                    reply.helpful = Some(helpful);
                }
            }
            _ => {}
        }
    }
    replies.into_iter().map(|(_, reply)| reply).collect()
}
