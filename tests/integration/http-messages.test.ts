/**
 * What the browser gets of the message files, through the production server: the page names
 * a messages asset (app/i18n/messages-asset.ts) holding exactly the namespaces and groups its
 * routes declare (handle.messages), in the page's language, on a first load and on a client
 * navigation's data request; the page itself carries none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESOURCES } from "#app/locales/index.ts";
import type { Messages } from "#app/i18n/translate.ts";
import { startServer, type TestServer } from "#tests/support/server.ts";
import { parseMessagesAsset } from "#tests/support/messages-asset.ts";

let server: TestServer;

beforeAll(async () => {
  // Open Badges on, for its check page (its own namespace, "badges", ADR 031).
  // The employer API on, for its token page (/employer/api, ADR 032).
  // SSO=1 (ADR 034): the login page with its "Sign in with your organisation" form, and /admin/sso.
  server = await startServer({ OPEN_BADGES: "1", EMPLOYER_API: "1", SSO: "1" });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const WORKER_GROUPS = Object.keys(RESOURCES.en.worker!).filter((g) => typeof RESOURCES.en.worker![g] === "object");
const SELECTORS = ["common", "auth", "public", "employer", "council", "admin", "email", "pdf", "badges", "sso.login", "sso.callback", ...WORKER_GROUPS.map((g) => `worker.${g}`)];

function strings(m: Messages | string | undefined): string[] {
  if (m === undefined) return [];
  return typeof m === "string" ? [m] : Object.values(m).flatMap(strings);
}
function messagesOf(lang: "en" | "es", selector: string): string[] {
  const [ns, group] = selector.split(".") as [string, string | undefined];
  const all = RESOURCES[lang][ns as keyof (typeof RESOURCES)["en"]];
  return strings(group === undefined ? all : all?.[group]);
}

/**
 * One phrase per selector that no other selector's messages contain: plain words only, so it
 * reads the same however the page serializes it. Its presence says the selector was sent.
 */
function markers(lang: "en" | "es"): Map<string, string> {
  const out = new Map<string, string>();
  for (const selector of SELECTORS) {
    const others = SELECTORS.filter((s) => s !== selector).flatMap((s) => messagesOf(lang, s));
    const found = messagesOf(lang, selector)
      .filter((m) => m.length >= 20 && /^[\p{L} ,.]+$/u.test(m))
      .find((m) => !others.some((o) => o.includes(m)));
    if (!found) throw new Error(`no marker phrase for ${lang} ${selector}`);
    out.set(selector, found);
  }
  return out;
}

function sentSelectors(body: string, lang: "en" | "es"): string[] {
  return [...markers(lang)].filter(([, phrase]) => body.includes(phrase)).map(([s]) => s).sort();
}

/** The messages asset a page's HTML names (or a .data answer's root data), fetched: its address and text. */
async function assetOf(body: string, cookie: string | null): Promise<{ href: string; text: string; res: Response }> {
  const href = /\/assets\/messages-[a-z]{2}-[A-Za-z0-9._-]+\.js/.exec(body)?.[0];
  if (!href) throw new Error("the page names no messages asset");
  const res = await server.request(href, { cookie });
  return { href, text: await res.text(), res };
}

describe("the messages a page carries", () => {
  it("are exactly those its routes declare, in the page's language", async () => {
    const cookies = new Map<string, string>();
    const as = async (user: string | null) => {
      if (!user) return null;
      if (!cookies.has(user)) cookies.set(user, await server.signIn(user));
      return cookies.get(user)!;
    };
    const pages: [string, string | null, string[]][] = [
      ["/", null, ["common", "worker.home"]],
      ["/login", null, ["auth", "common", "sso.login"]],
      ["/verify", null, ["common", "public"]],
      ["/verify/credential", null, ["badges", "common", "public"]],
      ["/learn", "demo-worker", ["common", "worker.card", "worker.learn"]],
      ["/learn/recognize-and-respond/what-is-trafficking", "demo-worker", ["common", "worker.module", "worker.readAloud"]],
      ["/employer/roster", "demo-employer", ["common", "employer", "public"]],
      ["/employer/webhooks", "demo-employer", ["common", "employer"]],
      ["/employer/api", "demo-employer", ["common", "employer", "public"]],
      ["/council", "demo-council", ["common", "council", "public"]],
      ["/admin", "demo-admin", ["admin", "common", "public"]],
      ["/admin/sso", "demo-admin", ["admin", "common"]],
      // The account pages (a worker's too) carry no single sign-on words.
      ["/account", "demo-worker", ["auth", "common"]],
    ];
    for (const lang of ["en", "es"] as const) {
      for (const [url, user, want] of pages) {
        const res = await server.request(url, { cookie: await as(user), headers: { "Accept-Language": lang } });
        expect(res.status, url).toBe(200);
        expect(res.headers.get("content-language"), url).toBe(lang);
        const html = await res.text();
        // The page's data (its inline scripts) carries none of the messages: they are in the asset it names.
        const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
        expect(scripts, url).toContain("streamController.enqueue");
        expect(scripts, url).not.toMatch(/\\"(messages|declaredMessages|fallback)\\"/);
        expect(sentSelectors(scripts, lang), `${lang} ${url}`).not.toContain("common");
        const asset = await assetOf(html, await as(user));
        expect(asset.res.status, asset.href).toBe(200);
        expect(sentSelectors(asset.text, lang), `${lang} ${url}`).toEqual(want);
      }
    }
  });

  it("a client navigation that loads the root again gets the next page's messages", async () => {
    const cookie = await server.signIn("demo-worker");
    const res = await server.request("/learn/recognize-and-respond/what-is-trafficking.data?_routes=root", { cookie, headers: { "Accept-Language": "es" } });
    expect(res.status).toBe(200);
    const asset = await assetOf(await res.text(), cookie);
    expect(sentSelectors(asset.text, "es")).toEqual(["common", "worker.module", "worker.readAloud"]);
  });

  it("the asset is kept by the browser for good, signed in or not, and is a module of the page's messages", async () => {
    const cookie = await server.signIn("demo-worker");
    const page = await server.request("/learn/recognize-and-respond/what-is-trafficking", { cookie, headers: { "Accept-Language": "es" } });
    const html = await page.text();
    // Named in <head>: the browser fetches it with the page's scripts (the root layout waits for it).
    expect(html).toMatch(/<link rel="modulepreload" href="\/assets\/messages-es-page-common_worker\.module_worker\.readAloud-[0-9a-f]{12}\.js" data-messages=""\/>/);
    for (const who of [cookie, null]) {
      const { res, text } = await assetOf(html, who);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
      expect(res.headers.get("set-cookie")).toBeNull();
      const asset = parseMessagesAsset(text);
      expect(asset.lang).toBe("es");
      expect(Object.keys(asset.messages).sort()).toEqual(["common", "worker"]);
      // Which routes declare what, for the root's shouldRevalidate in the browser.
      expect(asset.declared.root).toEqual(["common"]);
    }
    // The tablet bar's words are not in a page's asset.
    expect((await assetOf(html, cookie)).text).not.toContain("sharedDevice");
  });

  it("answers 404 for a messages asset no page of this build names: another hash, selectors no page has", async () => {
    const page = await server.request("/", { headers: { "Accept-Language": "en" } });
    const { href } = await assetOf(await page.text(), null);
    const otherHash = href.replace(/-[0-9a-f]{12}\.js$/, "-000000000000.js");
    const otherSelectors = href.replace(/-page-[^-]+-/, "-page-admin_common_council-");
    const notALanguage = href.replace("/messages-en-", "/messages-fr-");
    for (const wrong of [otherHash, otherSelectors, notALanguage]) {
      expect(wrong).not.toBe(href);
      expect((await server.request(wrong)).status, wrong).toBe(404);
    }
  });
});

describe("an address no page has", () => {
  it("answers 404 with a page in the reader's language, not message keys", async () => {
    const { visibleText } = await import("#tests/support/server.ts");
    for (const [lang, title, text] of [
      ["en", "Not found", "There is no page at this address"],
      ["es", "No se encontró la página", "No hay ninguna página en esta dirección"],
    ] as const) {
      const res = await server.request("/no-such-page/at-all", { headers: { "Accept-Language": lang } });
      expect(res.status).toBe(404);
      const seen = visibleText(await res.text());
      expect(seen, lang).toContain(title);
      expect(seen, lang).toContain(text);
      expect(seen, lang).not.toMatch(/errors\.\w+/);
    }
  });
});
