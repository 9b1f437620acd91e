import { passwordIssue, type PasswordIssue } from "#app/domain/password-policy.ts";
import type { TFunction } from "#app/i18n/translate.ts";
import list from "./common-passwords.txt?raw";

let common: Set<string> | undefined;
function commonPasswords() {
  common ??= new Set(
    list
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#")),
  );
  return common;
}

const isCommon = (p: string) => commonPasswords().has(p);

/** Why `password` may not be used as a new password, as a translation key and values, or null. */
export function newPasswordIssue(password: string, username?: string | null): PasswordIssue | null {
  return passwordIssue(password, { username, isCommon });
}

/**
 * Why `password` may not be used as a new password, in the language of `t` (any namespace:
 * the keys carry "auth:"), or null when it may. Routes: `newPasswordError(pw, username, t)`.
 */
export function newPasswordError(password: string, username: string | null | undefined, t: TFunction): string | null {
  const issue = newPasswordIssue(password, username);
  return issue ? t(issue.key, issue.values) : null;
}
