import { createCookie } from "@remix-run/node";
import Negotiator from "negotiator";
import { RESOURCES, type Namespace } from "#app/locales/index.ts";
import { getUser } from "#app/server/session.server.ts";
import { isHttps } from "#app/utils/request.server.ts";
import { DEFAULT_LANG, LANGUAGES, isLang, type Bundle, type Catalog, type Lang, type Messages } from "./translate.ts";
import { tFor } from "./messages.server.ts";

export { tFor };

/**
 * The remembered choice: a year-long cookie, not signed (it holds only "en" or "es" and is
 * validated on read). Over https it is `__Host-`, like the session cookie.
 */
const langCookies = new Map<boolean, ReturnType<typeof createCookie>>();
export function langCookie(request: Request) {
  const https = isHttps(request);
  let cookie = langCookies.get(https);
  if (!cookie) {
    cookie = createCookie(https ? "__Host-fr_lang" : "fr_lang", {
      path: "/",
      sameSite: "lax",
      secure: https,
      httpOnly: true,
      maxAge: 365 * 24 * 3600,
    });
    langCookies.set(https, cookie);
  }
  return cookie;
}

/** The best of our languages for an Accept-Language header; English when none matches. */
export function negotiateLanguage(acceptLanguage: string | null): Lang {
  if (!acceptLanguage) return DEFAULT_LANG;
  const best = new Negotiator({ headers: { "accept-language": acceptLanguage } }).language([...LANGUAGES]);
  return isLang(best) ? best : DEFAULT_LANG;
}

const langByRequest = new WeakMap<Request, Promise<Lang>>();

/**
 * The language a page is shown in: the signed-in user's saved choice, else the choice
 * remembered in this browser, else the browser's Accept-Language, else English.
 */
export function getLang(request: Request): Promise<Lang> {
  let lang = langByRequest.get(request);
  if (!lang) {
    lang = (async () => {
      const user = await getUser(request);
      if (user?.language && isLang(user.language)) return user.language;
      const cookie: unknown = await langCookie(request).parse(request.headers.get("Cookie"));
      if (isLang(cookie)) return cookie;
      return negotiateLanguage(request.headers.get("Accept-Language"));
    })();
    langByRequest.set(request, lang);
  }
  return lang;
}

/** The request's language and a translation function for it. */
export async function getT(request: Request, ns: Namespace = "common") {
  const lang = await getLang(request);
  return { lang, t: tFor(lang, ns) };
}

/** The messages of `bundle` the selectors name: whole namespaces ("employer") or one group ("worker.module"). */
function select(bundle: Bundle, selectors: readonly string[]): Bundle {
  const out: Bundle = {};
  for (const selector of selectors) {
    const [ns, group] = selector.split(".") as [Namespace, string | undefined];
    const all = bundle[ns] ?? {};
    const part = group === undefined ? all : group in all ? { [group]: all[group]! } : {};
    out[ns] = { ...(out[ns] ?? {}), ...part };
  }
  return out;
}

/** The messages of `english` whose keys `messages` lacks (nothing when it is complete). */
function lacking(messages: Messages, english: Messages): Messages | undefined {
  const out: Messages = {};
  for (const [k, v] of Object.entries(english)) {
    const own = messages[k];
    if (own === undefined || typeof own !== typeof v) out[k] = v;
    else if (typeof v !== "string") {
      const sub = lacking(own as Messages, v);
      if (sub) out[k] = sub;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface ClientMessages {
  lang: Lang;
  messages: Bundle;
  /** English for what `messages` lacks (the server's fallback, see translate.ts); absent when nothing is. */
  fallback?: Catalog;
}

const clientBundles = new Map<string, ClientMessages>();

/** The messages the browser gets for a page whose routes declare `selectors`, in `lang`. */
export function clientMessages(lang: Lang, selectors: readonly string[]): ClientMessages {
  const key = `${lang}:${selectors.join()}`;
  let client = clientBundles.get(key);
  if (!client) {
    const messages = select(RESOURCES[lang], selectors);
    client = { lang, messages };
    if (lang !== DEFAULT_LANG) {
      const english = select(RESOURCES[DEFAULT_LANG], selectors);
      const missing: Bundle = {};
      for (const [ns, m] of Object.entries(english)) {
        const sub = lacking(messages[ns] ?? {}, m);
        if (sub) missing[ns] = sub;
      }
      if (Object.keys(missing).length > 0) client.fallback = { lang: DEFAULT_LANG, bundle: missing };
    }
    clientBundles.set(key, client);
  }
  return client;
}
