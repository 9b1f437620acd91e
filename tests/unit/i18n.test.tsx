/**
 * The interface's message files and the one translation engine that reads them on the
 * server and in the browser: both languages say the same things (same keys, same
 * placeholders, same tags), only the syntax the engine implements is used, the engine
 * renders plurals, interpolation and fallbacks as fixed below, every key the code names
 * exists, and every page declares the messages its components use (handle.messages).
 */
import fs from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { routes } from "virtual:remix/server-build";
import { RESOURCES, NAMESPACES } from "#app/locales/index.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import { clientMessages } from "#app/i18n/i18n.server.ts";
import { LANGUAGES, PLURAL_SUFFIX, makeT, splitTags, translate, type Messages } from "#app/i18n/translate.ts";
import { declaredMessages, matchedRouteIds, selectorsCover, selectorsFor } from "#app/i18n/page-messages.ts";
import { declaredMessagesByRoute } from "#app/i18n/page-messages.server.ts";
import { I18nProvider, useT } from "#app/components/i18n.tsx";
import { statusLabel } from "#app/components/compliance.tsx";
import { STATUS_KINDS } from "#app/models/compliance.server.ts";

function flatten(m: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const base = (key: string) => key.replace(PLURAL_SUFFIX, "");
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();
const tags = (s: string) => splitTags(s).flatMap((p) => (typeof p === "string" ? [] : [p.tag]));

describe("message files", () => {
  it("every language has every namespace and exactly English's keys (plural forms aside)", () => {
    for (const ns of NAMESPACES) {
      const en = new Set([...flatten(RESOURCES.en[ns] ?? {}).keys()].map(base));
      for (const lang of LANGUAGES) {
        const other = new Set([...flatten(RESOURCES[lang][ns] ?? {}).keys()].map(base));
        expect([...en].filter((k) => !other.has(k)), `${lang}/${ns}.json lacks`).toEqual([]);
        expect([...other].filter((k) => !en.has(k)), `${lang}/${ns}.json has extra`).toEqual([]);
      }
    }
  });

  it("a translation keeps each message's placeholders and tags", () => {
    const problems: string[] = [];
    for (const ns of NAMESPACES) {
      const en = flatten(RESOURCES.en[ns] ?? {});
      const enByBase = new Map([...en].map(([k, v]) => [base(k), v]));
      for (const lang of LANGUAGES) {
        for (const [k, v] of flatten(RESOURCES[lang][ns] ?? {})) {
          const source = enByBase.get(base(k));
          if (source === undefined) continue;
          const want = new Set(placeholders(source).filter((p) => p !== "count"));
          const have = new Set(placeholders(v).filter((p) => p !== "count"));
          if ([...want].some((p) => !have.has(p)) || [...have].some((p) => !want.has(p))) problems.push(`${lang}/${ns}: ${k}: placeholders ${[...have]} ≠ ${[...want]}`);
          if (tags(v).join() !== tags(source).join()) problems.push(`${lang}/${ns}: ${k}: tags ${tags(v)} ≠ ${tags(source)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("uses only the syntax the engine implements: no $t() nesting, formatters, context or empty messages", () => {
    const problems: string[] = [];
    for (const lang of LANGUAGES)
      for (const ns of NAMESPACES)
        for (const [k, v] of flatten(RESOURCES[lang][ns] ?? {})) {
          if (/\$t\(/.test(v)) problems.push(`${lang}/${ns}: ${k}: nesting`);
          if (/\{\{[^}]*,[^}]*\}\}/.test(v)) problems.push(`${lang}/${ns}: ${k}: formatter`);
          if (/_(male|female)$/.test(k)) problems.push(`${lang}/${ns}: ${k}: context`);
          if (!v.trim()) problems.push(`${lang}/${ns}: ${k}: empty`);
          if (k.includes(":")) problems.push(`${lang}/${ns}: ${k}: a colon in a key`);
        }
    expect(problems).toEqual([]);
  });

});

describe("the translation engine", () => {
  it("chooses plural forms by the language's rules: English and Spanish", () => {
    const en = tFor("en", "employer");
    const es = tFor("es", "employer");
    expect([0, 1, 2, 1_000_000].map((count) => en("reminders.failed", { count, error: "timeout" }))).toEqual([
      "failed after 0 tries: timeout",
      "failed after 1 try: timeout",
      "failed after 2 tries: timeout",
      "failed after 1,000,000 tries: timeout",
    ]);
    // Spanish: 0 is "other", 1,000,000 is "many", which the files leave to "_other".
    expect([0, 1, 2, 1_000_000].map((count) => es("reminders.failed", { count, error: "timeout" }))).toEqual([
      "falló después de 0 intentos: timeout",
      "falló después de 1 intento: timeout",
      "falló después de 2 intentos: timeout",
      "falló después de 1,000,000 intentos: timeout",
    ]);
    expect([1, 5].map((count) => tFor("en")("time.wait", { count }))).toEqual(["a minute", "5 minutes"]);
    expect([1, 5].map((count) => tFor("es")("time.wait", { count }))).toEqual(["un minuto", "5 minutos"]);
    // A count names the plural forms; without one, the bare key (none here) is all there is.
    expect(tFor("en")("time.wait")).toBe("time.wait");
    // "_zero", when a message has one, wins for 0 in any language.
    const t = makeT("es", { common: { n_zero: "ninguno", n_one: "{{count}} uno", n_other: "{{count}} varios" } });
    expect([0, 1, 3].map((count) => t("n", { count }))).toEqual(["ninguno", "1 uno", "3 varios"]);
  });

  it("interpolates values, leaves a missing one's placeholder, and reads a namespace from the key", () => {
    const t = makeT("en", { common: { a: "Hi {{name}}, {{ n }} left", b: "{{name}}" }, other: { c: "From other: {{x}}" } });
    expect(t("a", { name: "Ana <b>", n: 3 })).toBe("Hi Ana <b>, 3 left");
    expect(t("a", { name: null })).toBe("Hi {{name}}, {{ n }} left");
    expect(t("a")).toBe("Hi {{name}}, {{ n }} left");
    expect(t("other:c", { x: "y" })).toBe("From other: y");
    expect(makeT("en", { common: {} }, "other")("c")).toBe("c");
    expect(tFor("en", "common")("employer:reminders.title")).toBe("Reminders");
    expect(tFor("es", "auth")("common:layout.skip")).toBe("Ir al contenido");
  });

  it("writes a calendar day given to a message in words, in the message's language; other values and impossible days as they are", () => {
    const en = makeT("en", { common: { due: "Due by {{date}} ({{code}})" } });
    const es = makeT("es", { common: { due: "A más tardar el {{date}} ({{code}})" } });
    expect(en("due", { date: "2027-03-05", code: "2027-03" })).toBe("Due by March 5, 2027 (2027-03)");
    expect(es("due", { date: "2027-03-05", code: "ABC" })).toBe("A más tardar el 5 de marzo de 2027 (ABC)");
    expect(es("due", { date: "2027-02-30", code: "x" })).toBe("A más tardar el 2027-02-30 (x)");
    expect(en("due", { date: "2027-03-05T10:00:00Z", code: "x" })).toBe("Due by 2027-03-05T10:00:00Z (x)");
    // The real messages: the worker's deadline in Spanish.
    expect(tFor("es", "worker")("learn.deadline.compliantUntil", { date: "2027-11-06" })).toBe("Su capacitación está al día hasta el 6 de noviembre de 2027.");
  });

  it("falls back to English for a key the language lacks, and to the key's path when no one has it", () => {
    const english = { lang: "en", bundle: { common: { only_one: "{{count}} thing", only_other: "{{count}} things", here: "English" } } };
    const t = makeT("es", { common: { here: "Español" } }, "common", english);
    expect([t("here"), t("only", { count: 1 }), t("only", { count: 1_000_000 }), t("nowhere.at.all"), t("auth:x.y")]).toEqual([
      "Español",
      "1 thing",
      "1,000,000 things",
      "nowhere.at.all",
      "x.y",
    ]);
    expect(translate([], "common", "a.b")).toBe("a.b");
    expect(tFor("es", "worker")("no.such.key")).toBe("no.such.key");

    // The server and the browser the same way: a Spanish message taken out of the files for a moment.
    const layout = RESOURCES.es.common!.layout as Messages;
    const skip = layout.skip;
    delete layout.skip;
    try {
      expect(tFor("es")("layout.skip")).toBe("Skip to content");
      const client = clientMessages("es", ["auth", "common", "worker.join"]);
      expect(client.fallback).toEqual({ lang: "en", bundle: { common: { layout: { skip: "Skip to content" } } } });
      expect(makeT("es", client.messages, "common", client.fallback)("layout.skip")).toBe("Skip to content");
    } finally {
      layout.skip = skip!;
    }
    // With complete files there is no fallback to send.
    expect(clientMessages("es", ["common", "worker.module"]).fallback).toBeUndefined();
  });

  it("renders in React (useT, the browser's lookup) exactly what the server's tFor renders, for every message a page gets", () => {
    let compared = 0;
    for (const lang of LANGUAGES) {
      for (const selectors of [["common", "worker.module"], ["common", "employer", "public"], ["auth", "common"], ["admin", "common", "public"]]) {
        const client = clientMessages(lang, selectors);
        for (const ns of Object.keys(client.messages)) {
          const keys = [...new Set([...flatten(client.messages[ns]!).keys()].map(base))];
          const values = { name: "Ana", count: 2, date: "2026-01-02", code: "ABCDE", error: "x" };
          function Probe() {
            const t = useT(ns);
            return <>{keys.map((k) => `${t(k, values)}\n`)}</>;
          }
          const html = renderToStaticMarkup(
            <I18nProvider lang={client.lang} messages={client.messages} fallback={client.fallback}>
              <Probe />
            </I18nProvider>,
          );
          const server = tFor(lang, ns as never);
          const escape = (x: string) => x.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
          expect(html).toBe(keys.map((k) => `${escape(server(k, values))}\n`).join(""));
          compared += keys.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe("code and messages", () => {
  it("names every compliance status in both languages: the domain gives the id, the messages the words", () => {
    for (const lang of LANGUAGES) {
      const names = STATUS_KINDS.map((kind) => statusLabel(kind, tFor(lang, "employer")));
      expect(names.every((n, i) => n !== `status.${STATUS_KINDS[i]}`), `${lang}: ${names}`).toBe(true);
      expect(new Set(names).size).toBe(STATUS_KINDS.length);
    }
    expect(statusLabel("not-covered", tFor("en"))).toBe("Not covered");
    expect(statusLabel("overdue", tFor("es"))).not.toBe("Overdue");
  });

  it("every literal key the code names exists in English", () => {
    const root = path.resolve("app");
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else if (/\.(ts|tsx)$/.test(e.name)) files.push(path.join(d, e.name));
      }
    };
    walk(root);
    const en = Object.fromEntries(NAMESPACES.map((ns) => [ns, new Set([...flatten(RESOURCES.en[ns] ?? {}).keys()].map(base))]));
    const missing: string[] = [];
    let checked = 0;
    for (const file of files) {
      // Comments (doc examples) left out.
      const src = fs
        .readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .split("\n")
        .filter((line) => !line.trim().startsWith("//"))
        .join("\n");
      // The file's default namespace: the one its useT/getT/tFor names (the first, if several).
      const ns = /(?:useT\(|getT\(\s*request\s*,|tFor\([^"\n]*?,)\s*"(\w+)"/.exec(src)?.[1] ?? (/emailText\(/.test(src) ? "email" : "common");
      // A component that wraps t with a fixed prefix (charts.tsx: `charts.${key}`).
      const prefix = /`(\w+)\.\$\{key\}`/.exec(src)?.[1];
      for (const m of src.matchAll(/\bt\(\s*"([A-Za-z0-9_.:-]+)"/g)) {
        const key = prefix && !m[1]!.includes(":") ? `${prefix}.${m[1]!}` : m[1]!;
        const [kns, path_] = key.includes(":") ? (key.split(":") as [string, string]) : [ns, key];
        if (!en[kns]) continue;
        checked++;
        if (!en[kns]!.has(path_)) missing.push(`${path.relative(root, file)}: ${kns}:${path_}`);
      }
      // Keys written as messages in schemas ("worker:join.errors.name").
      for (const m of src.matchAll(/"((?:common|auth|worker|public|employer|council|admin|email|pdf):[A-Za-z0-9_.-]+)"/g)) {
        const [kns, path_] = m[1]!.split(":") as [string, string];
        checked++;
        if (!en[kns]!.has(path_)) missing.push(`${path.relative(root, file)}: ${kns}:${path_}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

});

describe("the messages a page declares", () => {
  const ids = Object.keys(routes);
  const pages = ids.filter((id) => routes[id]!.module.default !== undefined);
  /** A route and the routes around it, outermost first: what a URL it serves matches. */
  const chain = (id: string): string[] => {
    const parent = routes[id]!.parentId;
    return parent ? [...chain(parent), id] : [id];
  };
  const english = (ns: string) => RESOURCES.en[ns as keyof typeof RESOURCES.en];

  it("every route with a page declares handle.messages: namespaces and groups that exist", () => {
    expect(pages.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const id of pages) {
      const declared = declaredMessages(routes[id]!.module.handle);
      if (!declared || declared.length === 0) {
        problems.push(`${id}: no handle.messages`);
        continue;
      }
      for (const selector of declared) {
        const [ns, group] = selector.split(".") as [string, string | undefined];
        if (!english(ns)) problems.push(`${id}: "${selector}" names no namespace`);
        else if (group !== undefined && typeof english(ns)![group] !== "object") problems.push(`${id}: "${selector}" names no group of ${ns}`);
      }
    }
    expect(problems).toEqual([]);
    // The root's declaration reaches every page; a page under no other route gets only it.
    expect(declaredMessagesByRoute().root).toEqual(["common"]);
    expect(selectorsFor(declaredMessagesByRoute(), matchedRouteIds(routes, "/no/such/page"))).toEqual(["common"]);
  });

  it("a page's components use only the messages its routes declare", () => {
    const problems: string[] = [];
    let checked = 0;
    const read = (file: string) => fs.readFileSync(path.resolve(file), "utf8");
    for (const id of pages) {
      const selectors = selectorsFor(declaredMessagesByRoute(), chain(id));
      const file = id === "root" ? "app/root.tsx" : `app/${id}.tsx`;
      let src = read(file);
      // Loaders and actions translate on the server with every message; leave them out.
      for (const fn of ["loader", "action"]) {
        const at = src.indexOf(`export async function ${fn}`);
        if (at < 0) continue;
        let i = src.indexOf(") {", at) + 2;
        let depth = 0;
        const start = i;
        for (; i < src.length; i++) {
          if (src[i] === "{") depth++;
          else if (src[i] === "}" && --depth === 0) break;
        }
        src = src.slice(0, start) + src.slice(i + 1);
      }
      // The page's own file and the components it imports (the root's components reach every page).
      const components = [...src.matchAll(/from "#app\/components\/([\w-]+)\.tsx"/g)].map((m) => `app/components/${m[1]}.tsx`).filter((f) => !f.endsWith("/i18n.tsx"));
      for (const [where, code] of [[file, src], ...components.map((f) => [f, read(f)] as const)] as const) {
        const ns = /useT\("(\w+)"\)/.exec(code)?.[1] ?? "common";
        for (const m of code.matchAll(/useT\("(\w+)"\)/g)) {
          if (!selectors.some((s) => s === m[1] || s.startsWith(`${m[1]}.`))) problems.push(`${id} (${where}): useT("${m[1]}"), but the page declares ${selectors.join(", ")}`);
        }
        // A component that wraps t with a fixed prefix (charts.tsx: `charts.${key}`).
        const prefix = /`(\w+)\.\$\{key\}`/.exec(code)?.[1];
        // Literal keys and the fixed start of template keys (`learn.certStatus.${…}`).
        for (const m of code.matchAll(/\bt\(\s*(?:"([A-Za-z0-9_.:-]+)"|`([A-Za-z0-9_.:-]+)\$\{)/g)) {
          let raw = m[1] ?? `${m[2]!}x`;
          if (prefix && m[1] && !raw.includes(":")) raw = `${prefix}.${raw}`;
          const [kns, key] = raw.includes(":") ? (raw.split(":") as [string, string]) : [ns, raw];
          checked++;
          if (!selectorsCover(selectors, kns, key)) problems.push(`${id} (${where}): ${kns}:${key} is not among ${selectors.join(", ")}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });
});
