// Reading the benchmark's question sets: an FAQ spreadsheet and real questions with their expected
// entries, read the same way as `helpfirst eval` reads them, for both answer benchmarks.

import { readFileSync } from "node:fs";

/** RFC 4180 CSV (quoted fields, doubled quotes, commas and newlines inside quotes) to objects. */
function readCsv(path) {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += c;
    }
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.some((cell) => cell.trim() !== ""));
  const names = header.map((h) => h.trim());
  return body.map((r) => Object.fromEntries(names.map((name, i) => [name, r[i] ?? ""])));
}

/**
 * One document per FAQ entry, `{ id, question, alternates, answer }`: alternates stay one
 * " | "-separated text field, as the peers index them (`alternateList` splits them for helpfirst).
 */
export function readFaqs(path) {
  return readCsv(path).map((r) => ({
    id: r.id.trim(),
    question: r.question ?? "",
    alternates: r.alternates ?? "",
    answer: r.answer ?? "",
  }));
}

/** A document's alternates as a list, split like helpfirst's CSV import does. */
export function alternateList(doc) {
  return doc.alternates
    .split("|")
    .map((a) => a.trim())
    .filter((a) => a !== "");
}

/** `{ query, expected }`: trimmed query, empty queries skipped, an empty id means no entry. */
export function readQuestions(path) {
  return readCsv(path)
    .map((r) => ({ query: (r.query ?? "").trim(), expected: (r.expected_id ?? "").trim() || null }))
    .filter((c) => c.query !== "");
}
