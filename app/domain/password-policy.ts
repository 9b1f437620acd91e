/** Password rules (NIST SP 800-63B §5.1.1.2): a minimum length, a generous maximum, and
 * no password from a list of commonly used ones. No composition rules. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function passwordProblem(
  password: string,
  context: { username?: string | null; isCommon: (lowerCased: string) => boolean },
): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Choose a password of at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters for your password`;
  const lower = password.toLowerCase();
  if (context.isCommon(lower) || new Set(lower).size === 1) {
    return "That password is too common and easy to guess. A short sentence works well.";
  }
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) return "Your password must not contain your username";
  return null;
}
