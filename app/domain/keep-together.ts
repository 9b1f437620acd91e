/**
 * Words a browser would break at a hyphen next to a digit, which must stay on one line: dates
 * ("2026-09-21"), phone numbers ("1-888-373-7888", "1-855-FLA-SAFE"), statute numbers
 * ("54-234a"), ids ("LI-1003"). A run of non-space characters, at most 30 long (a longer one
 * may break rather than widen the page), with a hyphen beside a digit.
 */
export const KEEP_TOGETHER = /(?<!\S)(?=\S{3,30}(?!\S))\S*(?:\d-|-\d)\S*/g;

/** The text cut into plain parts and parts to keep on one line, in order. */
export function keepTogetherParts(text: string): { text: string; keep: boolean }[] {
  const out: { text: string; keep: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(KEEP_TOGETHER)) {
    if (m.index > at) out.push({ text: text.slice(at, m.index), keep: false });
    out.push({ text: m[0], keep: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), keep: false });
  return out;
}
