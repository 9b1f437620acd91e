/**
 * Pure helpers for the signs a rule requires (ADR 014): the page size and type size a sign's
 * PDF must have, and a phone number's digits where the law gives letters.
 */

/** "11 x 17 inches" / "11 inches by 15 inches" → width and height in inches; null when not stated that way. */
export function signSizeInches(text: string | null): { width: number; height: number } | null {
  if (!text) return null;
  const m = /(\d+(?:\.\d+)?)\s*(?:inches|inch|in\.?|")?\s*(?:x|by|×)\s*(\d+(?:\.\d+)?)\s*(?:inches|inch|in\.?|")/i.exec(text);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

const KEYPAD: Record<string, string> = { A: "2", B: "2", C: "2", D: "3", E: "3", F: "3", G: "4", H: "4", I: "4", J: "5", K: "5", L: "5", M: "6", N: "6", O: "6", P: "7", Q: "7", R: "7", S: "7", T: "8", U: "8", V: "8", W: "9", X: "9", Y: "9", Z: "9" };

/** A number as dialled: letters become their keypad digits ("1-855-FLA-SAFE" → "1-855-352-7233"). */
export function phoneDigits(number: string): string {
  return number.toUpperCase().replace(/[A-Z]/g, (c) => KEYPAD[c]!);
}

/** "1-855-FLA-SAFE (1-855-352-7233)"; a number without letters as it is. */
export function numberWithDigits(number: string): string {
  const digits = phoneDigits(number);
  return digits === number ? number : `${number} (${digits})`;
}
