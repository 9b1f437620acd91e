import i18next, { type i18n as I18n } from "i18next";
import { NAMESPACES, RESOURCES, type Namespace } from "#app/locales/index.ts";
import { DEFAULT_LANG, LANGUAGES, withPluralFallbacks, type Bundle, type Lang, type TFunction, type TOptions } from "./translate.ts";

/**
 * Server-side translation: i18next over app/locales/<lang>/<namespace>.json, English as
 * the fallback for a key a language lacks (the message-file test keeps them complete).
 */
let instance: I18n | undefined;
function i18n(): I18n {
  if (!instance) {
    const resources: Record<string, Bundle> = {};
    for (const lang of LANGUAGES) {
      resources[lang] = Object.fromEntries(Object.entries(RESOURCES[lang]).map(([ns, m]) => [ns, withPluralFallbacks(m, lang)]));
    }
    instance = i18next.createInstance();
    void instance.init({
      resources,
      lng: DEFAULT_LANG,
      fallbackLng: DEFAULT_LANG,
      supportedLngs: [...LANGUAGES],
      ns: [...NAMESPACES],
      defaultNS: "common",
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
      returnEmptyString: false,
    });
  }
  return instance;
}

/** A translation function for one language; keys without "ns:" are looked up in `ns`. */
export function tFor(lang: Lang, ns: Namespace = "common"): TFunction {
  const fixed = i18n().getFixedT(lang, ns);
  return (key: string, options?: TOptions) => fixed(key, options as Record<string, unknown>) as string;
}

