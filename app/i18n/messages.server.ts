import { RESOURCES, type Namespace } from "#app/locales/index.ts";
import { DEFAULT_LANG, makeT, type Catalog, type Lang, type TFunction } from "./translate.ts";

/** Every message of a language, English as the fallback for a key it lacks (the message-file test keeps them complete). */
const ENGLISH: Catalog = { lang: DEFAULT_LANG, bundle: RESOURCES[DEFAULT_LANG] };

const fixed = new Map<string, TFunction>();

/** A translation function for one language; keys without "ns:" are looked up in `ns`. */
export function tFor(lang: Lang, ns: Namespace = "common"): TFunction {
  const id = `${lang}:${ns}`;
  let t = fixed.get(id);
  if (!t) fixed.set(id, (t = makeT(lang, RESOURCES[lang], ns, lang === DEFAULT_LANG ? undefined : ENGLISH)));
  return t;
}
