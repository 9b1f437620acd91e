/**
 * Spanish pages say everything in Spanish: every page of every demo account, read in Spanish,
 * shows no English label that has a Spanish form (a heading cell, a term, a field label, an
 * option, a button or a badge whose text is an English message), no state as its id ("US-TX"),
 * no sector id, no ISO date, no "UTC" clock, no rule name in English, and no "1 employers" kind
 * of count. Text marked `lang="en"` (a law quoted in its own words, a course title in English) is
 * English on purpose and not read. Also at 360 px: what the not-found verify page and
 * /transparency show.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/demo-pages.ts";

type Tree = { [key: string]: string | Tree };
const flatten = (m: Tree, prefix = "", out = new Map<string, string>()) => {
  for (const [k, v] of Object.entries(m)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
};

/** English message texts (no placeholders) whose Spanish is different: shown on a Spanish page, they are untranslated. */
const ENGLISH_ONLY = new Set<string>();
for (const file of fs.readdirSync(path.resolve("app/locales/en"))) {
  const en = flatten(JSON.parse(fs.readFileSync(path.resolve("app/locales/en", file), "utf8")) as Tree);
  const es = flatten(JSON.parse(fs.readFileSync(path.resolve("app/locales/es", file), "utf8")) as Tree);
  for (const [key, text] of en) {
    const plain = text.trim();
    if (/[{<]/.test(plain) || plain.length < 3 || es.get(key)?.trim() === plain) continue;
    // A word both languages write alike somewhere else ("Sector", "Total") is not English-only.
    if ([...es.values()].some((v) => v.trim() === plain)) continue;
    ENGLISH_ONLY.add(plain);
  }
}

/** Words and forms that must not show on a Spanish page (outside lang="en"). */
const FORBIDDEN: [RegExp, string][] = [
  [/\bUS-[A-Z]{2}\b/, "a state's id instead of its name"],
  [/\b\d{4}-\d{2}-\d{2}\b/, "an ISO date"],
  [/\bUTC\b/, "a UTC time"],
  [/\b(lodging|transit)\b/i, "a sector in English"],
  [/\b(Texas|California) (lodging|transit)\b/, "a rule named in English"],
  [/\b1 (empleadores|trabajadores|partes|requisitos|filas|segundos)\b/, "a count that disagrees with its noun"],
];

/** What a Spanish page shows in English: the label-like elements that read as English messages, and the forbidden forms. */
async function englishOn(page: Page, url: string) {
  const res = await page.goto(url);
  expect(res?.status(), url).toBeLessThan(500);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  expect(new URL(page.url()).pathname, `${url} was answered by another page`).toBe(url.split("?")[0]);
  const seen = await page.evaluate(() => {
    const main = document.querySelector("main") ?? document.body;
    const copy = main.cloneNode(true) as HTMLElement;
    for (const el of copy.querySelectorAll('[lang="en"], script, style, .code')) el.remove();
    // innerText of a detached node is its textContent: put spaces between blocks.
    for (const el of copy.querySelectorAll("p, li, td, th, dt, dd, h1, h2, h3, option, label, button, summary, div, tr")) el.append(" ");
    const labels = [...copy.querySelectorAll("th, dt, label, option, button, summary, .badge, .status, h1, h2, h3, legend")].map((el) => (el.textContent ?? "").replace(/\s+/g, " ").trim());
    return { text: (copy.textContent ?? "").replace(/\s+/g, " "), labels };
  });
  const problems: string[] = [];
  for (const label of seen.labels) if (ENGLISH_ONLY.has(label)) problems.push(`${url}: the label "${label}" is in English`);
  for (const [re, what] of FORBIDDEN) {
    const m = re.exec(seen.text);
    if (m) problems.push(`${url}: ${what}: "…${seen.text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20)}…"`);
  }
  return problems;
}

function ids() {
  const db = new Database(process.env.E2E_DATABASE_PATH!, { readonly: true });
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const out = {
    code: one<{ code: string }>("SELECT c.code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").code,
    employment: one<{ id: string }>("SELECT e.id FROM employments e JOIN users u ON u.id = e.user_id WHERE u.username = 'demo-certified'").id,
    employer: one<{ id: string }>("SELECT id FROM employers WHERE join_code = 'LAKESIDE-INN'").id,
  };
  db.close();
  return out;
}

const PAGES: [string, (x: ReturnType<typeof ids>) => string[]][] = [
  ["", (x) => ["/transparency", "/verify", `/verify/${x.code}`, "/verify/22222-22222-22222"]],
  ["demo-worker", () => ["/learn", "/account"]],
  ["demo-certified", (x) => ["/learn", `/certificates/${x.code}`]],
  ["demo-employer", (x) => ["/employer", "/employer/roster", `/employer/workers/${x.employment}`, "/employer/reminders", "/employer/attestations", "/employer/workers/new"]],
  ["demo-council", (x) => ["/council", "/council/employers", `/council/employers/${x.employer}`]],
];

test.describe("Spanish pages in Spanish", () => {
  test.use({ locale: "es-MX", viewport: { width: 360, height: 800 } });

  for (const [user, urls] of PAGES) {
    test(`every page ${user ? `of ${user}` : "open to anyone"} shows no English where Spanish exists`, async ({ page }) => {
      if (user) await signIn(page, user);
      const problems: string[] = [];
      for (const url of urls(ids())) problems.push(...(await englishOn(page, url)));
      expect(problems).toEqual([]);
    });
  }

  test("the worker's deadline names the law in Spanish, with the date in words; the passed quiz says so", async ({ page }) => {
    await signIn(page, "demo-worker");
    await page.goto("/learn");
    await expect(page.locator(".notice").first()).toHaveText(/^Termine esta capacitación a más tardar el \d{1,2} de [a-z]+ de \d{4} \(la norma de hotelería de Texas\)\.$/);
    await page.context().clearCookies();
    await signIn(page, "demo-certified");
    await page.goto("/learn");
    await expect(page.locator(".module-list li").last()).toContainText(/Aprobado el \d{1,2} de [a-z]+ de \d{4}/);
    await expect(page.locator(".module-list li").last().locator(".status")).toHaveText("Aprobado");
    await expect(page.locator(".module-list li").last()).not.toContainText("Abierto");
  });

  test("a code no certificate has: 404, the code shown, the form filled in to try again", async ({ page }) => {
    const res = await page.goto("/verify/22222-22222-22222");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ningún certificado tiene este código");
    await expect(page.getByLabel("Código del certificado")).toHaveValue("22222-22222-22222");
    await page.screenshot({ path: "test-results/screens/verify-not-found-es-360.png", fullPage: true });
    // Another try, without JavaScript's help: the form sends the code to the check.
    await page.getByLabel("Código del certificado").fill(ids().code);
    await page.getByRole("button", { name: "Verificar" }).click();
    await expect(page).toHaveURL(/\/verify\/[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Verificación de certificado");
    // The course's version and hash are there for an auditor, folded away.
    await expect(page.locator("details summary")).toHaveText("El texto exacto del curso");
    await expect(page.locator("details dd.code")).toHaveText(/^[0-9a-f]{64}$/);
  });

  test("/transparency names states and sectors in Spanish", async ({ page }) => {
    await page.goto("/transparency");
    await expect(page.getByRole("heading", { level: 2, name: "Texas" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "California" })).toBeVisible();
    await expect(page.locator("main")).toContainText("Hotelería");
    await page.screenshot({ path: "test-results/screens/transparency-es-360.png", fullPage: true });
  });
});
