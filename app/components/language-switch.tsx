import { Form, useLocation } from "@remix-run/react";
import { LANGUAGE_NAMES, LANGUAGES } from "#app/i18n/translate.ts";
import { useLang, useT } from "./i18n.tsx";

/**
 * The other languages, one button each. A plain form post, so it works without JavaScript;
 * each name is written in its own language and marked so (lang) for screen readers.
 */
export function LanguageSwitch() {
  const lang = useLang();
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="inline-form language-switch" aria-label={t("language.label")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {LANGUAGES.filter((l) => l !== lang).map((l) => (
        <button key={l} type="submit" name="lang" value={l} className="link-button" lang={l}>
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </Form>
  );
}
