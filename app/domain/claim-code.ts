/**
 * Claim codes: what a worker the employer pre-registered types, with their employee ID, to
 * take their roster row when they join. Employee IDs are often sequential and printed on
 * badges, so they identify a row but prove nothing; the claim code is the proof, handed to
 * that worker alone (on the worker's page and the printable join slip).
 *
 * 8 characters of the certificate alphabet (no look-alikes: no 0/O, 1/I/L, U), shown in two
 * groups of four, "7KX4-PDEM": 30^8 ≈ 2^39 codes. Wrong tries are throttled per address and
 * per employer, so the space cannot be searched (ADR 020).
 */
import { CODE_ALPHABET } from "./certificate-code.ts";

export const CLAIM_CODE_LENGTH = 8;
export const CLAIM_CODE_GROUP = 4;

/** `randomInt(n)` must return a uniform integer in [0, n): pass crypto.randomInt. */
export function generateClaimCode(randomInt: (max: number) => number): string {
  let code = "";
  for (let i = 0; i < CLAIM_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** "7KX4PDEM" → "7KX4-PDEM" */
export function formatClaimCode(code: string): string {
  return `${code.slice(0, CLAIM_CODE_GROUP)}-${code.slice(CLAIM_CODE_GROUP)}`;
}

/**
 * What a person types: any case, with dashes or spaces between groups. The canonical
 * 8-character code, or null when the input cannot be one.
 */
export function normalizeClaimCode(input: string): string | null {
  const compact = input.trim().toUpperCase().replace(/[\s-]/g, "");
  if (compact.length !== CLAIM_CODE_LENGTH) return null;
  for (const ch of compact) if (!CODE_ALPHABET.includes(ch)) return null;
  return compact;
}
