/**
 * Certificate codes: 15 characters from a 30-symbol alphabet with no look-alikes
 * (digits 2-9 and the letters without I, L, O and U, as in Crockford's base 32), printed in three groups of five: "7KX4P-DEM24-QRT9H".
 * 30^15 ≈ 2^73.6 codes: unguessable (≥ 60 bits) and short enough to read over a phone.
 */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 15;
export const CODE_GROUP = 5;

export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);

/** `randomInt(n)` must return a uniform integer in [0, n): pass crypto.randomInt. */
export function generateCertificateCode(randomInt: (max: number) => number): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** "7KX4PDEM24QRT9H" → "7KX4P-DEM24-QRT9H"; a code already printed stays as it is. */
export function formatCertificateCode(code: string): string {
  const compact = code.replaceAll("-", "");
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += CODE_GROUP) groups.push(compact.slice(i, i + CODE_GROUP));
  return groups.join("-");
}

/**
 * Accepts what a person types or a scanner reads: any case, dashes or spaces between
 * groups. Returns the canonical 15-character code, or null when it cannot be one.
 */
export function normalizeCertificateCode(input: string): string | null {
  const compact = input.trim().toUpperCase().replace(/[\s-]/g, "");
  if (compact.length !== CODE_LENGTH) return null;
  for (const ch of compact) if (!CODE_ALPHABET.includes(ch)) return null;
  return compact;
}
