//! The report as one self-contained HTML page: readable tables, and charts drawn as inline SVG.
//!
//! Key decision: no scripts and no external assets (the page is served with a CSP that allows
//! neither), so it opens anywhere, prints well, and cannot leak what visitors typed to a third
//! party. Every chart is also a table below it and carries its figures as text for screen readers.

use super::{Report, Table};

/// How many bars a chart shows; the table below it has every row.
const BARS: usize = 10;

pub fn page(report: &Report) -> String {
    let s = &report.summary;
    let range = &report.range;
    let query = range_query(report);
    let mut html = String::from(HEAD);
    html.push_str(&format!(
        "<main><h1>Help-first report</h1><p class=\"range\">Events received {}.</p>",
        escape(&range.describe())
    ));
    html.push_str(&format!(
        "<form method=\"get\" action=\"/report\"><label>From <input type=\"date\" name=\"since\" value=\"{}\"></label> \
         <label>To <input type=\"date\" name=\"until\" value=\"{}\"></label> <button type=\"submit\">Show</button></form>",
        escape(range.since.as_deref().unwrap_or_default()),
        escape(range.until.as_deref().unwrap_or_default()),
    ));
    if s.questions + s.comparisons + s.fits + s.handoffs == 0 {
        html.push_str(
            "<p class=\"empty\">No events yet in this range. Once visitors use the widget, \
             their questions, comparisons and handoffs appear here.</p>",
        );
    }
    let figures = [
        ("Questions asked", s.questions.to_string()),
        ("Answered", s.answered.to_string()),
        ("Not answered (content gaps)", s.unanswered.to_string()),
        (
            "Rated helpful",
            format!(
                "{} of {}",
                s.rated_helpful,
                s.rated_helpful + s.rated_unhelpful
            ),
        ),
        ("Comparisons viewed", s.comparisons.to_string()),
        (
            "Fit results: ours / elsewhere",
            format!("{} / {}", s.fits_ours, s.fits - s.fits_ours),
        ),
        (
            "Median helpful touches before the ask",
            s.median_help_before_ask
                .map_or("no ask yet".to_string(), |m| m.to_string()),
        ),
        (
            "Asks the visitor asked for",
            format!("{} of {}", s.asks_requested, s.visits_asked),
        ),
        ("Handoffs to a person", s.handoffs.to_string()),
    ];
    html.push_str("<section aria-labelledby=\"glance\"><h2 id=\"glance\">At a glance</h2><dl class=\"figures\">");
    for (label, value) in figures {
        html.push_str(&format!(
            "<div><dt>{}</dt><dd>{}</dd></div>",
            escape(label),
            escape(&value)
        ));
    }
    html.push_str("</dl></section>");
    for table in &report.tables {
        html.push_str(&section(table, &query));
    }
    html.push_str("</main></body></html>\n");
    html
}

/// A table's section: its chart (for tables with a count to chart), the table and its CSV link.
fn section(table: &Table, query: &str) -> String {
    let mut html = format!(
        "<section aria-labelledby=\"{name}\"><h2 id=\"{name}\">{title}</h2><p>{about} \
         <a href=\"/report/{name}.csv{query}\">Download CSV</a></p>",
        name = table.name,
        title = escape(table.title),
        about = escape(table.about),
    );
    if let Some(chart) = chart(table) {
        html.push_str(&chart);
    }
    html.push_str(&format!(
        "<div class=\"scroll\"><table><caption>{}</caption><thead><tr>",
        escape(table.title)
    ));
    for column in &table.columns {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape(column)));
    }
    html.push_str("</tr></thead><tbody>");
    if table.rows.is_empty() {
        html.push_str(&format!(
            "<tr><td colspan=\"{}\">None in this range.</td></tr>",
            table.columns.len()
        ));
    }
    for row in &table.rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            html.push_str(&format!("<{tag}>{}</{close}>", escape(cell)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div></section>");
    html
}

/// Which column of a table is charted: the count that answers the table's question.
fn charted_column(table: &Table) -> Option<usize> {
    match table.name {
        "questions" | "gaps" => Some(1),
        "comparisons" => Some(1),
        "fits" => Some(2),
        _ => None,
    }
}

/// Horizontal bars of the first rows, labelled with the first column. `role="img"` with the
/// figures in its title, so a screen reader hears the same numbers the bars show.
fn chart(table: &Table) -> Option<String> {
    let column = charted_column(table)?;
    let bars: Vec<(String, f64)> = table
        .rows
        .iter()
        .take(BARS)
        .map(|row| {
            let label = if table.name == "fits" {
                format!("{}: {}", row[0], row[1])
            } else {
                row[0].clone()
            };
            (label, row[column].parse().unwrap_or(0.0))
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let max = bars.iter().map(|(_, n)| *n).fold(1.0, f64::max);
    let (row_height, label_width, bar_width) = (26.0, 320.0, 300.0);
    let height = row_height * bars.len() as f64 + 4.0;
    let described = bars
        .iter()
        .map(|(label, n)| format!("{label}: {n}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" \
         aria-labelledby=\"{name}-chart\"><title id=\"{name}-chart\">{title}: {described}</title>",
        w = label_width + bar_width + 60.0,
        name = table.name,
        title = escape(table.title),
        described = escape(&described),
    );
    for (i, (label, n)) in bars.iter().enumerate() {
        let y = row_height * i as f64 + 2.0;
        let width = (bar_width * n / max).max(2.0);
        svg.push_str(&format!(
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
             <rect x=\"{bx}\" y=\"{y}\" width=\"{width:.1}\" height=\"18\" rx=\"3\"></rect>\
             <text x=\"{vx:.1}\" y=\"{ty}\">{n}</text>",
            lx = label_width - 8.0,
            ty = y + 14.0,
            label = escape(&shorten(label, 44)),
            bx = label_width,
            vx = label_width + width + 6.0,
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// Long questions are cut for the chart's label; the table shows them whole.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// `?since=…&until=…` for the CSV links, so a download holds what the page shows.
fn range_query(report: &Report) -> String {
    let pairs: Vec<String> = [
        ("since", &report.range.since),
        ("until", &report.range.until),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.as_ref().map(|v| format!("{key}={v}")))
    .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        escape(&format!("?{}", pairs.join("&")))
    }
}

/// Everything shown is escaped: questions are typed by anyone on the web.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const HEAD: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Help-first report · helpfirst</title>
<style>
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fafbfc; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { margin: 0 0 4px; font-size: 28px; }
h2 { margin: 36px 0 6px; font-size: 21px; }
.range, section > p { color: #3d4350; margin: 0 0 12px; }
form { display: flex; gap: 12px; flex-wrap: wrap; align-items: end; margin: 12px 0 8px; }
input, button { font: inherit; min-height: 40px; padding: 4px 10px; border: 1px solid #8a919e; border-radius: 8px; }
button { background: #0d5c63; color: #fff; border-color: #0d5c63; cursor: pointer; }
a { color: #1a44b8; }
.empty { padding: 12px 16px; background: #fff6dc; border-radius: 10px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; margin: 0; }
.figures div { background: #fff; border: 1px solid #e2e5eb; border-radius: 10px; padding: 10px 14px; }
dt { font-size: 14px; color: #3d4350; }
dd { margin: 0; font-size: 24px; font-weight: 700; }
.chart { max-width: 100%; height: auto; display: block; margin: 8px 0; }
.chart text { font: 13px system-ui, sans-serif; fill: #1a1a1a; }
.chart rect { fill: #0d5c63; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
caption { text-align: start; font-weight: 600; padding: 6px 0; }
th, td { text-align: start; vertical-align: top; padding: 6px 10px; border-top: 1px solid #e2e5eb; }
thead th { border-top: 0; background: #f1f3f7; }
tbody th { font-weight: 400; }
</style></head><body>
"#;
