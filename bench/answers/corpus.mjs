// The documents of the speed benchmark: 100, 1,000 or 10,000 FAQ entries made from real text.
//
// Key decision: the first entries are the real FAQ entries as they are; every further entry is a
// deterministic variant of one of them (seeded, so every run and every engine gets the very same
// documents), made only of real customer phrasings, so term statistics stay those of real
// questions. Entry i beyond the real ones varies real entry (i mod n):
// - question: one of its alternates (real phrasings);
// - alternates: five phrasings, two from its own alternates and three from its own or two other
//   random entries' alternates, in which each word is, with probability 1/8, replaced by a word
//   drawn from the whole set's running text (so frequent words stay frequent), and with
//   probability 1/20 given a one-letter slip (so the vocabulary grows with the number of entries,
//   as a real larger content set's does);
// - answer: its answer followed by one phrasing of another entry.
// Only speed is measured on these documents: ranking quality is measured on the real entries.

import { alternateList } from "./dataset.mjs";

const SEED = 77;
const ALTERNATES = 5;

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same sequence. */
export function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` documents `{ id, question, alternates, answer }` (alternates " | "-separated, as the peers
 * index them) from the real `faqs`.
 */
export function documents(faqs, size) {
  const random = generator(SEED);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const phrasings = faqs.map((f) => {
    const list = alternateList(f);
    return list.length > 0 ? list : [f.question];
  });
  const words = phrasings.flat().join(" ").split(/\s+/).filter((w) => w !== "");
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const slip = (word) => {
    const at = Math.floor(random() * word.length);
    return word.slice(0, at) + pick(letters) + word.slice(at + 1);
  };
  const vary = (phrasing) =>
    phrasing
      .split(/\s+/)
      .map((word) => {
        const roll = random();
        if (roll < 1 / 8) return pick(words);
        if (roll < 1 / 8 + 1 / 20) return slip(word);
        return word;
      })
      .join(" ");

  const docs = faqs.slice(0, size).map((f) => ({ ...f }));
  for (let i = docs.length; i < size; i++) {
    const base = i % faqs.length;
    const sources = [base, Math.floor(random() * faqs.length), Math.floor(random() * faqs.length)];
    const alternates = [];
    for (let k = 0; k < ALTERNATES; k++) {
      const source = k < 2 ? base : pick(sources);
      alternates.push(vary(pick(phrasings[source])));
    }
    docs.push({
      id: `${faqs[base].id}-v${i}`,
      question: pick(phrasings[base]),
      alternates: alternates.join(" | "),
      answer: `${faqs[base].answer} ${pick(pick(phrasings))}`,
    });
  }
  return docs;
}

/** The same documents as helpfirst content (`content.json`'s shape), which its widget loads. */
export function content(docs) {
  return {
    company: { name: "Benchmark Bank", url: "https://example.com" },
    faqs: docs.map((d) => ({
      id: d.id,
      question: d.question,
      answer: d.answer,
      url: `https://example.com/help/${d.id}`,
      alternates: alternateList(d),
    })),
  };
}
