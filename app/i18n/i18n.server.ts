import { createHash } from "node:crypto";
import { createCookie } from "@remix-run/node";
import Negotiator from "negotiator";
import { RESOURCES, type Namespace } from "#app/locales/index.ts";
import { getUser } from "#app/server/session.server.ts";
import { isHttps } from "#app/utils/request.server.ts";
import { DEFAULT_LANG, LANGUAGES, isLang, type Bundle, type Lang, type Messages } from "./translate.ts";
import { tFor } from "./messages.server.ts";
import { registerMessages, type ClientMessages, type MessagesAsset } from "./messages-asset.ts";
import { declaredMessagesByRoute, possibleSelectorSets } from "./page-messages.server.ts";

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

/** Only a shared device (ADR 028) gets the words of its tablet bar: every other page is lighter by them. */
export type MessagesVariant = "page" | "shared";

function withoutSharedDeviceWords(messages: Bundle): Bundle {
  const common = messages.common;
  if (!common || !("sharedDevice" in common)) return messages;
  const { sharedDevice: _omitted, ...rest } = common;
  return { ...messages, common: rest };
}

interface BuiltAsset {
  href: string;
  asset: MessagesAsset;
  source: string;
}
const assetsByKey = new Map<string, BuiltAsset>();
const assetsByName = new Map<string, BuiltAsset>();

/**
 * The browser's messages for a page whose routes declare `selectors`, in `lang`, as a build
 * asset (app/i18n/messages-asset.ts): its address, registered for the root layout's server
 * render. The name holds the language, the variant, the selectors and a hash of the content.
 */
export function clientMessagesAsset(lang: Lang, selectors: readonly string[], variant: MessagesVariant): BuiltAsset {
  const key = `${lang}:${variant}:${selectors.join()}`;
  let built = assetsByKey.get(key);
  if (!built) {
    const client = clientMessages(lang, selectors);
    const asset: MessagesAsset = {
      ...client,
      messages: variant === "shared" ? client.messages : withoutSharedDeviceWords(client.messages),
      declared: declaredMessagesByRoute(),
    };
    const source = `export default ${JSON.stringify(asset)};\n`;
    const hash = createHash("sha256").update(source).digest("hex").slice(0, 12);
    const name = `messages-${lang}-${variant}-${selectors.join("_")}-${hash}.js`;
    built = { href: `/assets/${name}`, asset, source };
    assetsByKey.set(key, built);
    assetsByName.set(name, built);
    registerMessages(built.href, asset);
  }
  return built;
}

const ASSET_NAME = /^messages-([a-z]{2})-(page|shared)-([A-Za-z.]+(?:_[A-Za-z.]+)*)-[0-9a-f]{12}\.js$/;

/**
 * The source of the messages asset `name` (under /assets/), or undefined when no page of this
 * build has it: another process of the same build may have named it (ADR 038), so it is made
 * again from its name, for the selector sets pages can have only, and must match to the hash.
 */
export function messagesAssetSource(name: string): string | undefined {
  const known = assetsByName.get(name);
  if (known) return known.source;
  const m = ASSET_NAME.exec(name);
  if (!m || !isLang(m[1])) return undefined;
  const selectors = m[3]!.split("_");
  if (!possibleSelectorSets().has(selectors.join())) return undefined;
  const built = clientMessagesAsset(m[1], selectors, m[2] as MessagesVariant);
  return built.href === `/assets/${name}` ? built.source : undefined;
}
