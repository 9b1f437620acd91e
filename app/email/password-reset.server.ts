/**
 * The email that carries a self-service reset link (/forgot), in the account's language.
 * Words come from app/locales/<lang>/email.json.
 */
import { tFor } from "#app/i18n/messages.server.ts";
import type { Lang } from "#app/i18n/translate.ts";

export function passwordResetEmail(input: { name: string; username: string; link: string }, lang: Lang) {
  const t = tFor(lang, "email");
  const body = [
    t("passwordReset.hello", { name: input.name }),
    "",
    t("passwordReset.asked", { username: input.username }),
    "",
    input.link,
    "",
    t("passwordReset.once"),
    t("passwordReset.notYou"),
    "",
    "Frontline Ready",
    "",
  ].join("\n");
  return { subject: t("passwordReset.subject"), body };
}
