/**
 * The interface's message files: both languages say the same things (same keys, same
 * placeholders, same tags), only the syntax translate() implements is used, translate()
 * (the React tree's lookup) agrees with i18next (the server's) on every key, and every
 * key the code names exists.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RESOURCES, NAMESPACES } from "#app/locales/index.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import { LANGUAGES, makeT, splitTags, translate, withPluralFallbacks, type Messages } from "#app/i18n/translate.ts";
import { messageSelectorsForPath, selectorsCover } from "#app/i18n/page-namespaces.ts";

function flatten(m: Messages, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, "");
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

  it("uses only the syntax translate() implements: no $t() nesting, formatters, context or empty messages", () => {
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

  it("translate() says exactly what i18next says, for every key, language and plural count", () => {
    let compared = 0;
    for (const lang of LANGUAGES) {
      const bundle = Object.fromEntries(NAMESPACES.map((ns) => [ns, withPluralFallbacks(RESOURCES[lang][ns] ?? {}, lang)]));
      for (const ns of NAMESPACES) {
        const server = tFor(lang, ns);
        const client = makeT(lang, bundle, ns);
        for (const key of new Set([...flatten(RESOURCES[lang][ns] ?? {}).keys()].map(base))) {
          const values = { name: "Ana <b>", employer: "Lakeside Inn", when: "Friday", code: "ABCDE", date: "2026-01-02", law: "Tex. Gov't Code §1", text: "233733", call: "911" };
          for (const count of [undefined, 0, 1, 2, 5, 1_000_000]) {
            const options = count === undefined ? values : { ...values, count };
            expect(client(key, options), `${lang} ${ns}:${key} count=${count}`).toBe(server(key, options));
            expect(client(`${ns}:${key}`, options)).toBe(server(`${ns}:${key}`, options));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("an unknown key comes back as its path, a missing value leaves its placeholder", () => {
    expect(translate("en", {}, "common", "nope.nothing")).toBe("nope.nothing");
    expect(makeT("en", { common: { a: "Hi {{name}}" } })("a")).toBe("Hi {{name}}");
    expect(makeT("es", withPluralFallbacks({ x_one: "{{count}} día", x_other: "{{count}} días" }, "es") as never)("x", { count: 1_000_000 })).toBe("x");
    const t = makeT("es", { common: withPluralFallbacks({ x_one: "{{count}} día", x_other: "{{count}} días" }, "es") });
    expect([t("x", { count: 1 }), t("x", { count: 2 }), t("x", { count: 1_000_000 })]).toEqual(["1 día", "2 días", "1000000 días"]);
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

  it("a page's components use only the messages the browser gets for that page", () => {
    const dir = path.resolve("app/routes");
    const problems: string[] = [];
    let checked = 0;
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".tsx"))) {
      let src = fs.readFileSync(path.join(dir, name), "utf8");
      // Loaders and actions translate with i18next on the server; leave them out.
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
      // A URL the route serves: "learn.$courseId.quiz.tsx" → "/learn/x/quiz".
      const url = "/" + name.replace(/\.tsx$/, "").replace(/\[\.\w+\]$/, "").split(".").filter((p) => p !== "_index").map((p) => (p.startsWith("$") ? "x" : p)).join("/");
      const selectors = messageSelectorsForPath(url);
      const ns = /useT\("(\w+)"\)/.exec(src)?.[1] ?? "common";
      for (const m of src.matchAll(/useT\("(\w+)"\)/g)) {
        if (!selectors.some((s) => s === m[1] || s.startsWith(`${m[1]}.`))) problems.push(`${name} (${url}): useT("${m[1]}"), but the page gets ${selectors.join(", ")}`);
      }
      // Literal keys and the fixed start of template keys (`learn.certStatus.${…}`).
      for (const m of src.matchAll(/\bt\(\s*(?:"([A-Za-z0-9_.:-]+)"|`([A-Za-z0-9_.:-]+)\$\{)/g)) {
        const raw = m[1] ?? `${m[2]!}x`;
        const [kns, key] = raw.includes(":") ? (raw.split(":") as [string, string]) : [ns, raw];
        checked++;
        if (!selectorsCover(selectors, kns, key)) problems.push(`${name} (${url}): ${kns}:${key} is not among ${selectors.join(", ")}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
