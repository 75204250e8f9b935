//! `helpfirst ask`: one question against the content, answered the way the widget would, with the
//! scores and the abstain decision shown so a marketer can see why.
//!
//! By default it answers as the answer service does (the lexical engine fused with the sentence
//! encoder); `--lexical` answers as the widget's local engine alone.

use helpfirst::answer::{Config, Index, Reply};
use helpfirst::content::{csv_import, Company, Content};
use helpfirst::semantic::encoder::{default_model_dir, Encoder};
use helpfirst::semantic::{EmbeddingCache, Ranker};
use lexopt::prelude::*;
use std::path::Path;
use std::path::PathBuf;
use std::sync::Arc;

const USAGE: &str = "\
USAGE:
    helpfirst ask --content PATH [--json] [--lexical] [--model DIR] [--cache DIR] [--set NAME=VALUE]... QUESTION

Answers QUESTION from the content the way the answer service would: ranked answers with scores,
confidence, passages and sources, and whether the widget would abstain and offer a person.

OPTIONS:
    --content PATH      a FAQ spreadsheet (.csv: id,question,answer,url[,alternates][,tags]),
                        compiled content (.json) or a content folder / .toml file
    --json              print the reply as JSON
    --lexical           the widget's local engine alone, without the sentence encoder
    --model DIR         the sentence-embedding model (default $HELPFIRST_MODEL, else
                        .build/models/all-minilm-l6-v2, unpacked by scripts/setup.sh)
    --cache DIR         keep the content's vectors in DIR: a re-run embeds only what changed
    --set NAME=VALUE    override an engine parameter (k1, b, title_weight, semantic_weight, ...)";

/// How `ask` and `eval` are told to answer: the options they share.
#[derive(Default)]
pub struct Engine {
    /// The widget's local engine alone, without the sentence encoder.
    pub lexical: bool,
    /// The model's folder, if not the default.
    pub model: Option<PathBuf>,
    /// Where the content's vectors are kept between runs.
    pub cache: Option<PathBuf>,
    pub config: Config,
}

impl Engine {
    /// The long options [`Engine::option`] reads.
    pub const OPTIONS: [&'static str; 4] = ["lexical", "model", "cache", "set"];

    /// Reads the option `--name` (one of [`Engine::OPTIONS`]) and its value, if it takes one.
    pub fn option(&mut self, name: &str, args: &mut lexopt::Parser) -> Result<(), String> {
        match name {
            "lexical" => self.lexical = true,
            "model" => self.model = Some(super::text(args.value())?.into()),
            "cache" => self.cache = Some(super::text(args.value())?.into()),
            _ => set(&mut self.config, &super::text(args.value())?)?,
        }
        Ok(())
    }
}

/// How questions are answered: as the answer service does, or as the widget's local engine.
pub enum Answerer {
    Lexical(Index),
    Fused(Ranker),
}

impl Answerer {
    /// The content at `path`, answered as `engine` says: by the fused ranker with the model (the
    /// content's vectors kept in `engine.cache` between runs, if set), or the lexical engine alone.
    pub fn load(path: &Path, engine: Engine) -> Result<Answerer, String> {
        let index = Index::with_config(&load_content(path)?, engine.config);
        if engine.lexical {
            return Ok(Answerer::Lexical(index));
        }
        let encoder = Encoder::load(&engine.model.unwrap_or_else(default_model_dir))?;
        let cache = match engine.cache {
            Some(dir) => EmbeddingCache::on_disk(&dir, &encoder)?,
            None => EmbeddingCache::default(),
        };
        let ranker = Ranker::with_cache(index, Arc::new(encoder), Arc::new(cache))?;
        Ok(Answerer::Fused(ranker))
    }

    pub fn ask(&self, question: &str) -> Result<Reply, String> {
        match self {
            Answerer::Lexical(index) => Ok(index.ask(question)),
            Answerer::Fused(ranker) => ranker.ask(question),
        }
    }

    /// The confidence below which this answerer abstains.
    pub fn threshold(&self) -> f32 {
        match self {
            Answerer::Lexical(index) => index.config().abstain_below,
            Answerer::Fused(ranker) => ranker.index().config().fused_abstain_below,
        }
    }

    /// The least meaning similarity an answer needs to be shown, for the fused ranker.
    pub fn support_floor(&self) -> Option<f32> {
        match self {
            Answerer::Lexical(_) => None,
            Answerer::Fused(ranker) => Some(ranker.index().config().support_floor),
        }
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Answerer::Lexical(_) => "lexical",
            Answerer::Fused(_) => "fused",
        }
    }
}

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    let mut content_path: Option<String> = None;
    let mut json = false;
    let mut engine = Engine::default();
    let mut words: Vec<String> = Vec::new();
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        match arg {
            Long("content") => content_path = Some(super::text(args.value())?),
            Long("json") => json = true,
            Long(name) if Engine::OPTIONS.contains(&name) => {
                let name = name.to_owned();
                engine.option(&name, args)?;
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            Value(word) => words.push(word.to_string_lossy().into_owned()),
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    let content_path = content_path.ok_or_else(|| format!("--content is required\n\n{USAGE}"))?;
    let question = words.join(" ");
    if question.trim().is_empty() {
        return Err(format!("a question is required\n\n{USAGE}"));
    }
    let answerer = Answerer::load(Path::new(&content_path), engine)?;
    let reply = answerer.ask(&question)?;
    if json {
        let mut value = reply_json(&question, &reply, answerer.threshold());
        value["engine"] = answerer.engine().into();
        if let Some(floor) = answerer.support_floor() {
            value["support_floor"] = round(floor).into();
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
        );
    } else {
        print_reply(
            &question,
            &reply,
            answerer.threshold(),
            answerer.support_floor(),
        );
    }
    Ok(())
}

/// Applies one `--set NAME=VALUE`.
pub fn set(config: &mut Config, assignment: &str) -> Result<(), String> {
    let (name, value) = assignment
        .split_once('=')
        .ok_or_else(|| format!("--set takes NAME=VALUE, not `{assignment}`"))?;
    config.set(name.trim(), value)
}

/// Loads content to answer from: a FAQ CSV (rows with problems are reported on stderr and
/// skipped), compiled JSON, or anything the content source reads (a folder of TOML files).
pub fn load_content(path: &Path) -> Result<Content, String> {
    let name = path.display().to_string();
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        let import = csv_import::read_faqs_csv(&text, &name);
        for error in &import.errors {
            eprintln!("warning: {error}");
        }
        if !import.errors.is_empty() {
            eprintln!(
                "warning: rows with problems were skipped; {} FAQs loaded",
                import.faqs.len()
            );
        }
        if import.faqs.is_empty() {
            return Err(format!("{name}: no usable FAQ rows"));
        }
        let company_name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(Content {
            company: Company {
                name: company_name,
                url: String::new(),
                language: "en".into(),
            },
            faqs: import.faqs,
            ..Content::default()
        });
    }
    helpfirst::content::source::load(path).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn print_reply(question: &str, reply: &Reply, threshold: f32, support_floor: Option<f32>) {
    println!("Q: {question}");
    match reply.best() {
        Some(best) => {
            println!(
                "\nAnswer ({:.0}% confident, {} `{}`): {}",
                best.confidence * 100.0,
                best.source.as_str(),
                best.id,
                best.title
            );
            println!("  {}", best.passage);
            println!("  source: {}", best.url);
        }
        None => match (reply.answers.first(), support_floor) {
            (Some(top), Some(floor)) if top.confidence >= threshold => println!(
                "\nNo supported answer (best confidence {:.0}%, but its meaning similarity {:.2} < {:.2}): the widget says so and offers a person.",
                top.confidence * 100.0,
                top.signals.semantic,
                floor
            ),
            (top, _) => println!(
                "\nNo confident answer (best confidence {:.0}% < {:.0}%): the widget says so and offers a person.",
                top.map_or(0.0, |a| a.confidence) * 100.0,
                threshold * 100.0
            ),
        },
    }
    if !reply.answers.is_empty() {
        println!("\nRanked candidates:");
        for (i, answer) in reply.answers.iter().enumerate() {
            println!(
                "  {:>2}. score {:.3}  confidence {:.2}  {} `{}`: {}",
                i + 1,
                answer.score,
                answer.confidence,
                answer.source.as_str(),
                answer.id,
                answer.title
            );
            println!(
                "      coverage {:.2}  meaning {:.2}  margin {:+.3}  {}",
                answer.signals.coverage, answer.signals.semantic, answer.signals.margin, answer.url
            );
        }
    }
    if !reply.related.is_empty() {
        println!("\nRelated questions:");
        for title in &reply.related {
            println!("  - {title}");
        }
    }
}

fn reply_json(question: &str, reply: &Reply, threshold: f32) -> serde_json::Value {
    let answers: Vec<serde_json::Value> = reply
        .answers
        .iter()
        .map(|a| {
            serde_json::json!({
                "id": a.id,
                "title": a.title,
                "passage": a.passage,
                "url": a.url,
                "source": a.source.as_str(),
                "score": round(a.score),
                "confidence": round(a.confidence),
                "signals": {
                    "score": round(a.signals.score),
                    "margin": round(a.signals.margin),
                    "coverage": round(a.signals.coverage),
                    "phrasing": round(a.signals.phrasing),
                    "unseen": round(a.signals.unseen),
                    "semantic": round(a.signals.semantic),
                    "standout": round(a.signals.standout),
                    "topic": round(a.signals.topic),
                },
            })
        })
        .collect();
    serde_json::json!({
        "question": question,
        "abstained": reply.abstained,
        "abstain_below": round(threshold),
        "answers": answers,
        "related": reply.related,
    })
}

/// Four decimals are plenty for a score, and avoid printing f32 noise like 0.27000001072883606.
fn round(value: f32) -> f64 {
    (f64::from(value) * 10_000.0).round() / 10_000.0
}
