/**
 * The one translation engine: the server (loaders, actions, emails, PDFs) and the React tree
 * (server render and browser) both look messages up with this function, so what a page says
 * cannot depend on where it was rendered. See docs/decisions/016-one-translation-engine.md
 * for why it is this small function and not i18next (page weight).
 *
 * The message format (app/locales/<lang>/<namespace>.json), as i18next defined it:
 *   - `ns:key.path` keys (namespace, then a dot-separated path); `key.path` alone is looked
 *     up in the caller's default namespace;
 *   - `{{name}}` interpolation (no escaping: React escapes; a missing value leaves the
 *     placeholder). `count` is written in the language's number form ("12,345"); a value that is a calendar day ("2027-03-05") is written in words in the
 *     message's language ("March 5, 2027", "5 de marzo de 2027": formatDate), so no page
 *     shows a person an ISO date (ADR 025);
 *   - plurals with `count`: `key_zero` for 0 when the message has one (in any language), then
 *     `key_<category>` for the category Intl.PluralRules gives in the language (`one`,
 *     `many`, …), then `key_other`, then the bare `key`;
 *   - a key the language lacks is looked up, the same way, in the fallback (English on the
 *     server; in the browser only what the page's language lacks, usually nothing); a key no
 *     one has comes back as its path, without the namespace.
 */

import { formatDate, formatNumber } from "./format.ts";
import { LANGUAGES, type Lang } from "./languages.ts";

export { LANGUAGES, type Lang };
export const DEFAULT_LANG: Lang = "en";

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Each language's name in itself: what a language switch shows. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: "English", es: "Español" };

export type Messages = { [key: string]: string | Messages };
export type Bundle = Record<string, Messages>; // namespace → messages
export type TOptions = Record<string, string | number | null | undefined>;
export type TFunction = (key: string, options?: TOptions) => string;
/** Messages in a language: where a key is looked up. */
export interface Catalog {
  lang: string;
  bundle: Bundle;
}

/** A message key's plural suffixes: `days_one`, `days_other` are forms of `days`. */
export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function lookup(messages: Messages | undefined, path: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of path.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(lang: string, count: number) {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(count);
}

/** The template for `path` in one catalog's namespace, or undefined when it has none. */
function template({ lang, bundle }: Catalog, ns: string, path: string, count: unknown): string | undefined {
  const messages = bundle[ns];
  let found: string | undefined;
  if (typeof count === "number") {
    if (count === 0) found = lookup(messages, `${path}_zero`);
    found ??= lookup(messages, `${path}_${pluralCategory(lang, count)}`) ?? lookup(messages, `${path}_other`);
  }
  return found ?? lookup(messages, path);
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A value as a message shows it, when `lang` is one of ours: a calendar day in words, `count`
 * (the number that picks the plural form) in the language's number form ("12,345"); anything
 * else as it is.
 */
function shown(name: string, value: string | number, lang: string | undefined): string {
  if (lang === undefined || !isLang(lang)) return String(value);
  if (name === "count" && typeof value === "number") return formatNumber(value, lang);
  if (typeof value === "string" && CALENDAR_DAY.test(value)) {
    try {
      return formatDate(value, lang);
    } catch {
      return value; // "2026-02-30" typed into a file is shown as typed
    }
  }
  return String(value);
}

export function interpolate(message: string, options: TOptions | undefined, lang?: string) {
  if (!options) return message;
  return message.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = options[name];
    return value === undefined || value === null ? whole : shown(name, value, lang);
  });
}

/** Translates `key` ("ns:path", or "path" in `defaultNs`) from the first catalog that has it. */
export function translate(catalogs: readonly Catalog[], defaultNs: string, key: string, options?: TOptions): string {
  const colon = key.indexOf(":");
  const ns = colon > 0 ? key.slice(0, colon) : defaultNs;
  const path = colon > 0 ? key.slice(colon + 1) : key;
  for (const catalog of catalogs) {
    const found = template(catalog, ns, path, options?.count);
    if (found !== undefined) return interpolate(found, options, catalog.lang);
  }
  return path;
}

/** A translation function over `lang`'s messages, then `fallback`'s for keys they lack. */
export function makeT(lang: string, bundle: Bundle, defaultNs = "common", fallback?: Catalog): TFunction {
  const catalogs = fallback ? [{ lang, bundle }, fallback] : [{ lang, bundle }];
  return (key, options) => translate(catalogs, defaultNs, key, options);
}

/**
 * Splits a message with simple tags ("call <tel>{{number}}</tel> now") into text and tagged
 * parts, for a component to wrap the tagged parts (a link, a strong). No nesting.
 */
export function splitTags(message: string): Array<string | { tag: string; text: string }> {
  const parts: Array<string | { tag: string; text: string }> = [];
  const re = /<(\w+)>(.*?)<\/\1>/g;
  let last = 0;
  for (let m = re.exec(message); m; m = re.exec(message)) {
    if (m.index > last) parts.push(message.slice(last, m.index));
    parts.push({ tag: m[1]!, text: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < message.length) parts.push(message.slice(last));
  return parts;
}
