/** Password rules (NIST SP 800-63B §5.1.1.2): a minimum length, a generous maximum, and
 * no password from a list of commonly used ones. No composition rules. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/** The demo accounts' password (app/models/seed.server.ts, app/cli/db-synth.ts), published in the README. */
export const DEMO_PASSWORD = "frontline-demo";

/** Letters and digits only, lower-cased: "Frontline Demo!" and "frontline_demo" are the same. */
const lettersAndDigits = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
/** Passwords anyone can read: no real account may use one, however it is spelled or padded. */
const PUBLISHED = [DEMO_PASSWORD].map(lettersAndDigits);

/**
 * Why a password may not be used, as a translation key in the `auth` namespace and the
 * values its message interpolates: `t(issue.key, issue.values)`. This module has no i18n
 * access; the routes translate.
 */
export type PasswordIssue =
  | { code: "tooShort"; key: "auth:password.tooShort"; values: { min: number } }
  | { code: "tooLong"; key: "auth:password.tooLong"; values: { max: number } }
  | { code: "published"; key: "auth:password.published"; values: Record<string, never> }
  | { code: "tooCommon"; key: "auth:password.tooCommon"; values: Record<string, never> }
  | { code: "containsUsername"; key: "auth:password.containsUsername"; values: Record<string, never> };

export type PasswordContext = { username?: string | null; isCommon: (lowerCased: string) => boolean };

/** The first rule `password` breaks, or null when it may be used. */
export function passwordIssue(password: string, context: PasswordContext): PasswordIssue | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { code: "tooShort", key: "auth:password.tooShort", values: { min: PASSWORD_MIN } };
  if (length > PASSWORD_MAX) return { code: "tooLong", key: "auth:password.tooLong", values: { max: PASSWORD_MAX } };
  const bare = lettersAndDigits(password);
  if (PUBLISHED.some((p) => bare.includes(p))) return { code: "published", key: "auth:password.published", values: {} };
  const lower = password.toLowerCase();
  if (context.isCommon(lower) || new Set(lower).size === 1) return { code: "tooCommon", key: "auth:password.tooCommon", values: {} };
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) {
    return { code: "containsUsername", key: "auth:password.containsUsername", values: {} };
  }
  return null;
}
