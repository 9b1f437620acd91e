/**
 * The interface's translation lookup, shared by the server render and the browser.
 *
 * The server translates with i18next (app/i18n/i18n.server.ts). The React tree, which
 * also runs in the browser, reads the same message files through this function instead,
 * so the browser does not download i18next (15 KB compressed, which would push a module
 * page past its 100 KB first-load budget; see docs/decisions/013). It implements exactly
 * the part of i18next's format the message files may use, and a unit test checks it
 * against i18next for every key in every language:
 *   - `ns:key.path` keys (namespace, then dot-separated path);
 *   - `{{name}}` interpolation (no escaping: React escapes);
 *   - plurals: with `count`, `key_zero` for 0 if present, then `key_one` / `key_other`
 *     chosen by Intl.PluralRules, and any
 *     other plural category falling back to `_other` (the files are completed so that
 *     i18next agrees, see withPluralFallbacks).
 */

export const LANGUAGES = ["en", "es"] as const;
export type Lang = (typeof LANGUAGES)[number];
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

const PLURAL_CATEGORIES = ["zero", "one", "two", "few", "many", "other"] as const;

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

export function interpolate(template: string, options: TOptions | undefined) {
  if (!options) return template;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = options[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/** Translates `key` ("ns:path" or "path" in `defaultNs`); an unknown key comes back as itself. */
export function translate(lang: string, bundle: Bundle, defaultNs: string, key: string, options?: TOptions): string {
  const colon = key.indexOf(":");
  const ns = colon > 0 ? key.slice(0, colon) : defaultNs;
  const path = colon > 0 ? key.slice(colon + 1) : key;
  const messages = bundle[ns];
  let template: string | undefined;
  if (typeof options?.count === "number") {
    // As i18next: "_zero" for a count of 0 when the message has one, in any language.
    if (options.count === 0) template = lookup(messages, `${path}_zero`);
    template ??= lookup(messages, `${path}_${pluralCategory(lang, options.count)}`) ?? lookup(messages, `${path}_other`);
  }
  template ??= lookup(messages, path);
  if (template === undefined) return path; // as i18next: the key without its namespace
  return interpolate(template, options);
}

export function makeT(lang: string, bundle: Bundle, defaultNs = "common"): TFunction {
  return (key, options) => translate(lang, bundle, defaultNs, key, options);
}

/**
 * Completes plural keys so that every plural category the language has resolves: a
 * `x_other` without `x_many` (Spanish uses "many" for 1,000,000) gets `x_many` = `x_other`,
 * as i18next would otherwise print the bare key.
 */
export function withPluralFallbacks(messages: Messages, lang: string): Messages {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const out: Messages = {};
  for (const [k, v] of Object.entries(messages)) {
    out[k] = typeof v === "string" ? v : withPluralFallbacks(v, lang);
  }
  for (const [k, v] of Object.entries(messages)) {
    if (typeof v !== "string" || !k.endsWith("_other")) continue;
    const base = k.slice(0, -"_other".length);
    for (const c of categories) if (PLURAL_CATEGORIES.includes(c) && !(`${base}_${c}` in out)) out[`${base}_${c}`] = v;
  }
  return out;
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
