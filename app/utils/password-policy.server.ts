import { passwordProblem } from "#app/domain/password-policy.ts";
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

/** Why `password` may not be used as a new password, or null when it may. */
export function newPasswordProblem(password: string, username?: string | null) {
  return passwordProblem(password, { username, isCommon: (p) => commonPasswords().has(p) });
}
