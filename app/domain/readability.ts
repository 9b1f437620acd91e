import { fleschKincaid } from "flesch-kincaid";
import { syllable } from "syllable";

/**
 * How hard a module's words are to read, and how long they take (issue 15, ADR 022). Pure.
 *
 * - English: the Flesch–Kincaid grade level (`flesch-kincaid`, syllables by `syllable`).
 * - Spanish: the Szigriszt-Pazos perspicuity index (206.835 − 62.3 × syllables/words −
 *   words/sentences), read on the INFLESZ scale (< 40 very hard, 40–55 somewhat hard, 55–65
 *   normal, 65–80 fairly easy, > 80 very easy). Spanish syllables are counted by their vowel
 *   nuclei (spanishSyllables): Spanish spelling makes that exact enough to need no library.
 * - Minutes: words at READING_WPM, the speed the course's minutes are measured at.
 */

/** Words per minute a module is timed at: an unhurried adult reader of plain text. */
export const READING_WPM = 200;
/** The hardest an English worker module may read (Flesch–Kincaid grade). */
export const MAX_GRADE_EN = 8;
/** The hardest a Spanish worker module may read (Szigriszt-Pazos, INFLESZ "normal" or easier). */
export const MIN_PERSPICUITY_ES = 55;

export interface TextCounts {
  sentences: number;
  words: number;
  syllables: number;
}

/**
 * Markdown as a reader reads it: no front matter, no markup, no source notes ("*Source: …*"
 * lines, which are references, not reading). Each heading, list item and table row ends a
 * sentence, as the eye reads it.
 */
export function readableText(markdown: string): string {
  return markdown
    .replace(/^---\n[\s\S]*?\n---\n/, "")
    .split("\n")
    .filter((line) => !/^\s*\*?\(?(Source|Sources|Fuente|Fuentes)\b[^:]*:/i.test(line.replace(/^[>\s]*/, "")))
    .map((line) => {
      const text = line
        .replace(/!\[[^\]]*\]\([^)]*\)/g, "") // images
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: their words
        .replace(/^\s*(#{1,6}|>+|[-*+]|\d+[.)])\s+/g, "") // heading, quote, list markers
        .replace(/[*_`|]/g, " ")
        .trim();
      return text && !/[.!?:;]$/.test(text) ? `${text}.` : text;
    })
    .filter(Boolean)
    .join(" ");
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

function sentenceCount(text: string): number {
  return Math.max(1, (text.match(/[.!?:;]+(?=\s|$)/g) ?? []).length);
}

export function countText(text: string, syllables: (word: string) => number): TextCounts {
  const ws = words(text);
  return { sentences: sentenceCount(text), words: ws.length, syllables: ws.reduce((n, w) => n + syllables(w), 0) };
}

/** Flesch–Kincaid grade of English text. */
export function gradeLevel(text: string): { grade: number; counts: TextCounts } {
  const counts = countText(text, (w) => Math.max(1, syllable(w)));
  if (counts.words === 0) return { grade: 0, counts };
  return { grade: fleschKincaid({ sentence: counts.sentences, word: counts.words, syllable: counts.syllables }), counts };
}

const STRONG = "aeoáéóíú"; // accented i/u break a diphthong like a strong vowel
const VOWELS = "aeiouáéíóúü";

/**
 * Syllables of a Spanish word: its vowel nuclei. Two strong vowels (a, e, o, or an accented
 * í/ú) are two syllables (hiatus: "pa-ís", "le-er"); a weak vowel (i, u, ü) beside another vowel
 * joins it (diphthong "ciu-dad", triphthong "buey"). The "u" of que/qui/gue/gui is silent; a
 * final "y" after a vowel is part of its syllable ("hoy"), and "y" alone is one.
 */
export function spanishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-záéíóúüñ]/g, "");
  if (w === "y") return 1;
  let count = 0;
  let prev: string | null = null; // the previous letter if it was a vowel in the current nucleus
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    const silentU = c === "u" && (w[i - 1] === "q" || (w[i - 1] === "g" && (w[i + 1] === "e" || w[i + 1] === "i" || w[i + 1] === "é" || w[i + 1] === "í")));
    if (!VOWELS.includes(c) || silentU) {
      prev = null;
      continue;
    }
    if (prev === null || (STRONG.includes(prev) && STRONG.includes(c))) count++;
    prev = c;
  }
  return Math.max(1, count);
}

/** Szigriszt-Pazos perspicuity of Spanish text (higher is easier). */
export function perspicuity(text: string): { index: number; counts: TextCounts } {
  const counts = countText(text, spanishSyllables);
  if (counts.words === 0) return { index: 100, counts };
  return { index: 206.835 - (62.3 * counts.syllables) / counts.words - counts.words / counts.sentences, counts };
}

/** Whole minutes the words take at READING_WPM (at least 1): what a module's pacing may ask. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.floor(wordCount / READING_WPM));
}

/** Whole minutes a role's modules take to read, from all their words together (what a law's minimum is held against). */
export function roleMinutes(modules: readonly { words: number }[]): number {
  return Math.floor(modules.reduce((n, m) => n + m.words, 0) / READING_WPM);
}
