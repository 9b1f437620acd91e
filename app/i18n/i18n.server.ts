import { createCookie } from "@remix-run/node";
import Negotiator from "negotiator";
import { RESOURCES, type Namespace } from "#app/locales/index.ts";
import { getUser, isHttps } from "#app/utils/auth.server.ts";
import { DEFAULT_LANG, LANGUAGES, isLang, withPluralFallbacks, type Bundle, type Lang } from "./translate.ts";
import { tFor } from "./messages.server.ts";
import { messageSelectorsForPath } from "./page-namespaces.ts";

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

const clientBundles = new Map<string, Bundle>();

/** The messages the browser gets for a page (page-namespaces.ts), in `lang`. */
export function clientMessages(lang: Lang, pathname: string): Bundle {
  const selectors = messageSelectorsForPath(pathname);
  const key = `${lang}:${selectors.join()}`;
  let bundle = clientBundles.get(key);
  if (!bundle) {
    bundle = {};
    for (const selector of selectors) {
      const [ns, group] = selector.split(".") as [Namespace, string | undefined];
      const all = withPluralFallbacks(RESOURCES[lang][ns] ?? {}, lang);
      const part = group === undefined ? all : { [group]: all[group] ?? {} };
      bundle[ns] = { ...(bundle[ns] ?? {}), ...part };
    }
    clientBundles.set(key, bundle);
  }
  return bundle;
}
