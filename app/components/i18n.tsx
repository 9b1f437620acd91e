import { createContext, Fragment, useContext, useMemo, type ReactNode } from "react";
import { formatDate } from "#app/i18n/format.ts";
import { DEFAULT_LANG, makeT, splitTags, type Bundle, type Catalog, type Lang, type TFunction } from "#app/i18n/translate.ts";

interface I18nValue {
  lang: Lang;
  messages: Bundle;
  /** English for keys `messages` lacks (none when the language is complete). */
  fallback?: Catalog;
}

const I18nContext = createContext<I18nValue>({ lang: DEFAULT_LANG, messages: {} });

/** Provided by the root layout from the root loader's `lang`, `messages` and `fallback`. */
export function I18nProvider({ lang, messages, fallback, children }: I18nValue & { children: ReactNode }) {
  const value = useMemo(() => ({ lang, messages, fallback }), [lang, messages, fallback]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useLang(): Lang {
  return useContext(I18nContext).lang;
}

/** The page's translation function (the same engine as the server's tFor); keys without "ns:" are looked up in `ns`. */
export function useT(ns = "common"): TFunction {
  const { lang, messages, fallback } = useContext(I18nContext);
  return useMemo(() => makeT(lang, messages, ns, fallback), [lang, messages, ns, fallback]);
}

/**
 * A translated message whose tagged parts become elements:
 * `<Rich text={t("x")} tags={{ tel: (s) => <a href="tel:…">{s}</a> }} />`.
 */
export function Rich({ text, tags }: { text: string; tags: Record<string, (content: string) => ReactNode> }) {
  return (
    <>
      {splitTags(text).map((part, i) =>
        typeof part === "string" ? part : <Fragment key={i}>{tags[part.tag] ? tags[part.tag]!(part.text) : part.text}</Fragment>,
      )}
    </>
  );
}

/**
 * A calendar day ("YYYY-MM-DD") as the page's reader writes it ("March 5, 2027", "5 de marzo de
 * 2027"), in a <time> that keeps the ISO day for machines. Nothing for no day.
 */
export function Day({ iso }: { iso: string | null | undefined }) {
  const lang = useLang();
  if (!iso) return null;
  let text = iso;
  try {
    text = formatDate(iso, lang);
  } catch {
    // not a calendar day: shown as it is
  }
  return (
    <time dateTime={iso} className="nowrap">
      {text}
    </time>
  );
}
