//! What the person is told: the visitor's question as they sent it, where to reply, when a reply
//! is due, and what the visit already saw, so the person never knows less than the prospect.
//!
//! Key decision: one [`Notification`] is built from the stored events and rendered for each
//! channel (plain text and simple HTML for mail, JSON for a webhook, Slack's text), so the
//! channels cannot tell different stories. Everything the visitor typed is escaped for the format
//! it goes into; the mail has no images and no links but the sources the widget cited, so
//! nothing in it reports back when it is opened.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::content::Content;
use crate::report::html::escape;

/// A handoff, ready to tell someone about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notification {
    /// The `Handoff Requested` event's `messageId`: the webhook's idempotency key, and the seed of
    /// the mail's `Message-ID`.
    pub id: String,
    pub person: String,
    pub company: String,
    pub reply_to: String,
    pub question: String,
    pub received_at: String,
    /// "Monday 30 November, 13:00 London time", when the content gives the person's hours.
    pub reply_due: Option<String>,
    /// "Nadia usually replies within 4 business hours.", as the widget promised it.
    pub promise: Option<String>,
    pub visit: Visit,
}

/// What the same browser did before the request.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Visit {
    pub pages: Vec<String>,
    pub questions: Vec<Asked>,
    pub comparisons: Vec<Vec<String>>,
    pub fits: Vec<String>,
}

/// A question the widget was asked, and what it answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asked {
    pub question: String,
    /// `None` when the widget said it had no answer.
    pub answer: Option<Cited>,
}

/// An answer the widget showed, with its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cited {
    pub id: String,
    pub title: String,
    pub text: String,
    pub url: String,
}

/// Builds the notification for a stored handoff event and the visit's events before it.
pub fn build(
    id: &str,
    handoff: &Value,
    received_at: &str,
    visit: &[(String, Value, Value)],
    content: Option<&Content>,
) -> Notification {
    let text = |key: &str| {
        handoff
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let person = content
        .and_then(|c| c.handoff.as_ref())
        .filter(|h| h.name == text("person"));
    let at = received_at.parse::<DateTime<Utc>>().ok();
    Notification {
        id: id.to_string(),
        person: text("person"),
        company: content.map(|c| c.company.name.clone()).unwrap_or_default(),
        reply_to: text("email"),
        question: text("question"),
        received_at: received_at.to_string(),
        reply_due: person
            .zip(at)
            .and_then(|(person, at)| crate::handoff::due::reply_due(person, at)),
        promise: person.map(|person| person.reply_expectation(None)),
        visit: visit_context(visit, content),
    }
}

fn visit_context(events: &[(String, Value, Value)], content: Option<&Content>) -> Visit {
    let mut visit = Visit::default();
    for (name, properties, context) in events {
        let page = context
            .pointer("/page/url")
            .or_else(|| context.pointer("/page/path"))
            .and_then(Value::as_str);
        if let Some(page) = page.filter(|page| !visit.pages.iter().any(|seen| seen == page)) {
            visit.pages.push(page.to_string());
        }
        let question = properties.get("question").and_then(Value::as_str);
        match (name.as_str(), question) {
            ("Answer Shown", Some(question)) => {
                let id = properties
                    .get("answer_id")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let mut answer = cite(id, content);
                if answer.url.is_empty() {
                    let url = properties.get("source_url").and_then(Value::as_str);
                    answer.url = url.unwrap_or_default().to_string();
                }
                visit.questions.push(Asked {
                    question: question.to_string(),
                    answer: Some(answer),
                });
            }
            ("No Answer", Some(question)) => visit.questions.push(Asked {
                question: question.to_string(),
                answer: None,
            }),
            ("Comparison Viewed", _) => {
                let options = properties
                    .get("options")
                    .and_then(Value::as_array)
                    .map(|ids| {
                        ids.iter()
                            .filter_map(Value::as_str)
                            .map(|id| option_name(id, content))
                            .collect()
                    })
                    .unwrap_or_default();
                visit.comparisons.push(options);
            }
            ("Fit Recommended", _) => {
                let option = properties.get("option_id").and_then(Value::as_str);
                let relation = properties.get("relation").and_then(Value::as_str);
                visit.fits.push(match (relation, option) {
                    (Some("ours"), Some(id)) => {
                        format!("recommended our {}", option_name(id, content))
                    }
                    (Some("our_other_plan"), Some(id)) => {
                        format!("recommended our other plan, {}", option_name(id, content))
                    }
                    (Some("alternative"), Some(id)) => {
                        format!(
                            "recommended an alternative (not ours): {}",
                            option_name(id, content)
                        )
                    }
                    _ => "found nothing that fits their needs".to_string(),
                });
            }
            _ => {}
        }
    }
    visit
}

/// The answer behind an id, as the widget showed it: an FAQ, a page section (`page#anchor`) or
/// an option. Without the content only the id can be given.
fn cite(id: &str, content: Option<&Content>) -> Cited {
    let bare = Cited {
        id: id.to_string(),
        title: id.to_string(),
        text: String::new(),
        url: String::new(),
    };
    let Some(content) = content else {
        return bare;
    };
    if let Some(faq) = content.faqs.iter().find(|faq| faq.id == id) {
        return Cited {
            title: faq.question.clone(),
            text: faq.answer.clone(),
            url: faq.url.clone(),
            ..bare
        };
    }
    let (page_id, anchor) = id.split_once('#').unwrap_or((id, ""));
    if let Some(page) = content.pages.iter().find(|page| page.id == page_id) {
        let section = page.sections.iter().find(|s| s.anchor == anchor);
        return Cited {
            title: match section {
                Some(section) if !section.heading.is_empty() => {
                    format!("{}: {}", page.title, section.heading)
                }
                _ => page.title.clone(),
            },
            text: section.map(|s| s.body.clone()).unwrap_or_default(),
            url: section.map_or(page.url.clone(), |s| s.url(&page.url)),
            ..bare
        };
    }
    if let Some(offering) = content.offerings.iter().find(|o| o.id == id) {
        return Cited {
            title: offering.name.clone(),
            text: offering.summary.clone(),
            url: offering.url.clone(),
            ..bare
        };
    }
    bare
}

fn option_name(id: &str, content: Option<&Content>) -> String {
    content
        .and_then(|c| c.offerings.iter().find(|o| o.id == id))
        .map_or(id.to_string(), |o| o.name.clone())
}

/// At most `limit` characters, cut at a word, for quoting an answer without the whole page.
fn excerpt(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

impl Notification {
    /// The mail's subject: who asked, and the start of the question.
    pub fn subject(&self) -> String {
        let question: String = one_line(&self.question);
        format!(
            "Question from {}: {}",
            self.reply_to,
            excerpt(&question, 60)
        )
    }

    /// The plain-text body. Visitor text is quoted as is: plain text runs no markup.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let site = if self.company.is_empty() {
            "the website".to_string()
        } else {
            format!("{}'s website", self.company)
        };
        out.push_str(&format!(
            "{} asked {} a question on {site}.\n\n",
            self.reply_to, self.person
        ));
        out.push_str("Their question:\n");
        for line in self.question.lines() {
            out.push_str(&format!("> {line}\n"));
        }
        out.push_str(&format!(
            "\nReply to: {} (replying to this e-mail answers them)\n",
            self.reply_to
        ));
        if let Some(due) = &self.reply_due {
            out.push_str(&format!("Reply due: {due}\n"));
        }
        if let Some(promise) = &self.promise {
            out.push_str(&format!("The widget told them: {promise}\n"));
        }
        out.push_str(&format!("Asked at: {}\n", self.received_at));
        out.push_str("\nWhat they saw before asking\n");
        let visit = &self.visit;
        if visit.pages.is_empty()
            && visit.questions.is_empty()
            && visit.comparisons.is_empty()
            && visit.fits.is_empty()
        {
            out.push_str("Nothing else was recorded for this visit.\n");
        }
        if !visit.pages.is_empty() {
            out.push_str("\nPages:\n");
            for page in &visit.pages {
                out.push_str(&format!("- {page}\n"));
            }
        }
        if !visit.questions.is_empty() {
            out.push_str("\nQuestions and what the assistant answered:\n");
            for asked in &visit.questions {
                out.push_str(&format!("- \"{}\"\n", one_line(&asked.question)));
                match &asked.answer {
                    Some(answer) => {
                        out.push_str(&format!("  Answered with: {}", answer.title));
                        if !answer.url.is_empty() {
                            out.push_str(&format!(" <{}>", answer.url));
                        }
                        out.push('\n');
                        if !answer.text.is_empty() {
                            out.push_str(&format!(
                                "  \"{}\"\n",
                                excerpt(&one_line(&answer.text), 300)
                            ));
                        }
                    }
                    None => out.push_str("  No answer: the content does not cover it.\n"),
                }
            }
        }
        if !visit.comparisons.is_empty() {
            out.push_str("\nComparisons:\n");
            for options in &visit.comparisons {
                out.push_str(&format!("- {}\n", options.join(" vs ")));
            }
        }
        if !visit.fits.is_empty() {
            out.push_str("\nFit finder:\n");
            for fit in &visit.fits {
                out.push_str(&format!("- {fit}\n"));
            }
        }
        out.push_str(&format!(
            "\nSent by helpfirst for the visitor's request {} (they gave consent to send it).\n",
            self.id
        ));
        out
    }

    /// The visitor's receipt: their question, who will reply and by when.
    pub fn receipt_text(&self) -> String {
        let at = if self.company.is_empty() {
            String::new()
        } else {
            format!(" at {}", self.company)
        };
        let mut out = format!("Hello,\n\nYou asked {}{at} this question:\n\n", self.person);
        for line in self.question.lines() {
            out.push_str(&format!("> {line}\n"));
        }
        out.push_str(&format!("\n{} will reply to this address", self.person));
        match (&self.reply_due, &self.promise) {
            (Some(due), _) => out.push_str(&format!(", by {due}.\n")),
            (None, Some(promise)) => out.push_str(&format!(". {promise}\n")),
            (None, None) => out.push_str(".\n"),
        }
        out.push_str(
            "To add anything, reply to this e-mail.\n\n\
             If you did not ask this, someone typed your address by mistake: ignore this e-mail \
             and nothing more will be sent.\n",
        );
        out
    }

    /// The HTML body: the same content, every visitor-supplied string escaped, no images, no
    /// scripts, no remote styles.
    pub fn html(&self) -> String {
        let e = escape;
        let mut out = String::from(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>\
             <body style=\"font-family: sans-serif; line-height: 1.4\">",
        );
        out.push_str(&format!(
            "<p><strong>{}</strong> asked {} a question{}.</p>",
            e(&self.reply_to),
            e(&self.person),
            if self.company.is_empty() {
                String::new()
            } else {
                format!(" on {}'s website", e(&self.company))
            }
        ));
        out.push_str(&format!(
            "<blockquote style=\"border-left: 3px solid #ccc; margin: 0; padding-left: 1em; white-space: pre-wrap\">{}</blockquote>",
            e(&self.question)
        ));
        out.push_str("<table>");
        out.push_str(&format!(
            "<tr><th align=\"left\">Reply to</th><td>{} (replying to this e-mail answers them)</td></tr>",
            e(&self.reply_to)
        ));
        if let Some(due) = &self.reply_due {
            out.push_str(&format!(
                "<tr><th align=\"left\">Reply due</th><td>{}</td></tr>",
                e(due)
            ));
        }
        if let Some(promise) = &self.promise {
            out.push_str(&format!(
                "<tr><th align=\"left\">The widget told them</th><td>{}</td></tr>",
                e(promise)
            ));
        }
        out.push_str(&format!(
            "<tr><th align=\"left\">Asked at</th><td>{}</td></tr></table>",
            e(&self.received_at)
        ));
        out.push_str("<h3>What they saw before asking</h3>");
        let visit = &self.visit;
        if !visit.pages.is_empty() {
            out.push_str("<p>Pages:</p><ul>");
            for page in &visit.pages {
                out.push_str(&format!("<li>{}</li>", e(page)));
            }
            out.push_str("</ul>");
        }
        if !visit.questions.is_empty() {
            out.push_str("<p>Questions and what the assistant answered:</p><ul>");
            for asked in &visit.questions {
                out.push_str(&format!("<li>“{}”<br>", e(&asked.question)));
                match &asked.answer {
                    Some(answer)
                        if answer.url.starts_with("https://")
                            || answer.url.starts_with("http://") =>
                    {
                        out.push_str(&format!(
                            "Answered with: <a href=\"{}\">{}</a>",
                            e(&answer.url),
                            e(&answer.title)
                        ))
                    }
                    Some(answer) => out.push_str(&format!("Answered with: {}", e(&answer.title))),
                    None => out.push_str("No answer: the content does not cover it."),
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        if !visit.comparisons.is_empty() {
            out.push_str("<p>Comparisons:</p><ul>");
            for options in &visit.comparisons {
                out.push_str(&format!("<li>{}</li>", e(&options.join(" vs "))));
            }
            out.push_str("</ul>");
        }
        if !visit.fits.is_empty() {
            out.push_str("<p>Fit finder:</p><ul>");
            for fit in &visit.fits {
                out.push_str(&format!("<li>{}</li>", e(fit)));
            }
            out.push_str("</ul>");
        }
        if visit.pages.is_empty()
            && visit.questions.is_empty()
            && visit.comparisons.is_empty()
            && visit.fits.is_empty()
        {
            out.push_str("<p>Nothing else was recorded for this visit.</p>");
        }
        out.push_str(&format!(
            "<p style=\"color: #666\">Sent by helpfirst for the visitor's request {} (they gave consent to send it).</p></body></html>",
            e(&self.id)
        ));
        out
    }

    /// The signed webhook's body.
    pub fn json(&self) -> Value {
        serde_json::json!({
            "type": "handoff.requested",
            "id": self.id,
            "handoff": self,
        })
    }

    /// A Slack incoming-webhook message: Slack reads `&`, `<` and `>` as markup, so visitor text
    /// has them escaped as Slack documents.
    pub fn slack(&self) -> Value {
        let mut text = format!(
            "*{}* asked {} a question:\n>{}\nReply to: {}",
            slack_escape(&self.reply_to),
            slack_escape(&self.person),
            slack_escape(&self.question).replace('\n', "\n>"),
            slack_escape(&self.reply_to),
        );
        if let Some(due) = &self.reply_due {
            text.push_str(&format!("\nReply due: {}", slack_escape(due)));
        }
        let asked = self.visit.questions.len();
        if asked > 0 {
            text.push_str(&format!(
                "\nBefore asking they asked the assistant {asked} question{}.",
                if asked == 1 { "" } else { "s" }
            ));
        }
        serde_json::json!({ "text": text })
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn slack_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hostile() -> Notification {
        build(
            "m-1",
            &json!({
                "person": "Nadia Okafor",
                "email": "sam@prospect.example",
                "question": "<img src=x onerror=alert(1)> & <script>",
            }),
            "2026-11-27T18:30:00.000Z",
            &[(
                "No Answer".to_string(),
                json!({ "question": "<b>bold</b>?" }),
                json!({ "page": { "url": "https://shop.example/<x>" } }),
            )],
            None,
        )
    }

    #[test]
    fn visitor_text_is_escaped_in_html_and_slack() {
        let note = hostile();
        let html = note.html();
        assert!(
            !html.contains("<img") && !html.contains("<script") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;"));
        assert!(html.contains("https://shop.example/&lt;x&gt;"));
        let slack = note.slack()["text"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            slack.contains("&lt;img") && !slack.contains("<script"),
            "{slack}"
        );
    }

    #[test]
    fn the_mail_has_no_images_and_names_the_visit() {
        let note = hostile();
        let html = note.html();
        assert!(!html.to_lowercase().contains("<img"));
        let text = note.text();
        assert!(text.contains("Reply to: sam@prospect.example"), "{text}");
        assert!(text.contains("- \"<b>bold</b>?\"\n  No answer"), "{text}");
        assert!(text.contains("- https://shop.example/<x>"), "{text}");
    }
}
