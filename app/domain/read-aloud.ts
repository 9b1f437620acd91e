/**
 * Reading a page aloud with the browser's speech synthesis: the pure parts. Long utterances
 * are cut off by some engines (Chrome stops after about 15 seconds), so text is spoken in
 * chunks of whole sentences; and a voice is chosen for the page's language, or none (then the
 * page offers no reading aloud).
 */
import type { Lang } from "#app/i18n/translate.ts";

/** Utterances longer than this are split (at sentence ends, then at commas, then at spaces). */
export const MAX_CHUNK = 220;

function splitLong(sentence: string, max: number): string[] {
  if (sentence.length <= max) return [sentence];
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = Math.max(window.lastIndexOf(", "), window.lastIndexOf("; "), window.lastIndexOf(": "));
    cut = cut > max / 3 ? cut + 1 : window.lastIndexOf(" ");
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * Text as utterances: each line on its own (a heading, a list item, an answer choice), each
 * sentence on its own when a line is long, joined back up to `max` characters so short
 * sentences do not make choppy speech. Whitespace is collapsed; empty lines are dropped.
 */
export function speechChunks(text: string, max = MAX_CHUNK): string[] {
  const chunks: string[] = [];
  for (const raw of text.split(/\n+/)) {
    const line = raw.replace(/\s+/g, " ").trim();
    if (!line) continue;
    // Sentence ends: . ! ? … (and Spanish closing marks), followed by a space.
    const sentences = line.split(/(?<=[.!?…]["”»)]?)\s+/).flatMap((s) => splitLong(s, max));
    let current = "";
    for (const s of sentences) {
      if (current && current.length + 1 + s.length > max) {
        chunks.push(current);
        current = s;
      } else {
        current = current ? `${current} ${s}` : s;
      }
    }
    if (current) chunks.push(current);
  }
  return chunks;
}

/** What the browser's SpeechSynthesisVoice offers that the choice needs. */
export interface VoiceLike {
  lang: string;
  name: string;
  localService?: boolean;
  default?: boolean;
}

/** The regions preferred for each page language, best first (the app's readers are in the United States). */
const REGIONS: Record<Lang, string[]> = { en: ["us", "ca", "gb", "au"], es: ["us", "mx", "419", "es"] };

/**
 * The best voice for the page's language, or undefined when the browser has none: the same
 * language first by region (United States first), then a voice on the device (works offline,
 * no text leaves the device) before a network one, then the browser's default.
 * Tags are compared case-insensitively and with "_" as "-" (as some Android browsers write them).
 */
export function chooseVoice<V extends VoiceLike>(voices: readonly V[], lang: Lang): V | undefined {
  const tag = (v: V) => v.lang.toLowerCase().replace(/_/g, "-");
  const candidates = voices.filter((v) => tag(v) === lang || tag(v).startsWith(`${lang}-`));
  const regionRank = (v: V) => {
    const region = tag(v).split("-")[1];
    const i = region ? REGIONS[lang].indexOf(region) : -1;
    return i === -1 ? REGIONS[lang].length : i;
  };
  return [...candidates].sort(
    (a, b) => regionRank(a) - regionRank(b) || Number(b.localService ?? false) - Number(a.localService ?? false) || Number(b.default ?? false) - Number(a.default ?? false),
  )[0];
}
