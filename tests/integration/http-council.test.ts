/**
 * The council's and the public pages as a reader sees them, through the production server:
 * groups in the reader's language (a county is a name, never a message key), and this
 * month's point of the trend saying what the headline says after a back-dated hire.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, visibleText, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let db: Database.Database;
let council: string;

beforeAll(async () => {
  server = await startServer();
  db = new Database(server.dbPath, { readonly: true });
  council = await server.signIn("demo-council");
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

async function page(path: string, opts: { cookie?: string; lang?: "en" | "es" } = {}) {
  const res = await server.request(path, { cookie: opts.cookie, headers: opts.lang ? { "Accept-Language": opts.lang } : {} });
  expect(res.status, path).toBe(200);
  return visibleText(await res.text());
}

const lakesideId = () => (db.prepare("SELECT id FROM employers WHERE join_code = 'LAKESIDE-INN'").get() as { id: string }).id;

describe("group words on the council's and the public pages", () => {
  it("the dashboard shows the county's name and translated sectors and size bands, in English and Spanish", async () => {
    const en = await page("/council", { cookie: council });
    expect(en).toContain("Travis");
    expect(en).not.toMatch(/sectors\.|sizeBands\.|countyNotRecorded/);
    expect(en).toContain("1–9 workers");
    expect(en).toContain("Past months: as recorded at each month's end");
    const es = await page("/council", { cookie: council, lang: "es" });
    expect(es).toContain("Travis");
    expect(es).not.toMatch(/sectors\.|sizeBands\.|countyNotRecorded/);
    expect(es).toContain("De 1 a 9 trabajadores");
    expect(es).toContain("Hotelería");
    expect(es).toContain("Capacitación en Texas");
    expect(es).not.toContain("US-TX");
    expect(es).toContain("Meses anteriores: según lo registrado al cierre de cada mes");
  });

  it("the employer's page and the public page do too", async () => {
    for (const lang of ["en", "es"] as const) {
      const employer = await page(`/council/employers/${lakesideId()}`, { cookie: council, lang });
      expect(employer).toContain("Travis");
      expect(employer).toContain(lang === "en" ? "1–9 workers" : "De 1 a 9 trabajadores");
      expect(employer).toContain(lang === "en" ? "Lodging" : "Hotelería");
      expect(employer).not.toMatch(/sectors\.|sizeBands\./);
      const pub = await page("/transparency", { lang });
      expect(pub).toContain("Travis");
      expect(pub).not.toMatch(/sectors\.|countyNotRecorded/);
    }
  });
});

describe("this month on the dashboard", () => {
  it("says what the headline says after a hire entered with a hire date months ago", async () => {
    const admin = await server.signIn("demo-employer");
    const hireDate = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
    const res = await server.request("/employer/workers/new", {
      cookie: admin,
      form: { fullName: "Back Dated", employeeId: "LI-7001", jobRole: "housekeeping", siteId: "", hireDate, email: "", phone: "" },
    });
    expect(res.status, await res.text()).toBe(302);
    const text = await page("/council", { cookie: council });
    // Texas has one employer on the demo: its headline would be Lakeside's own rate, so it is withheld
    // (ADR 010), and so is this month's point of the trend, which is the headline; no figure of them shows.
    expect(text).toContain("Fewer than 5 covered workers, or fewer than 3 employers: the figures are withheld");
    expect(text).not.toMatch(/% of \d+ covered workers/);
    const month = (db.prepare("SELECT max(month) AS m FROM employer_monthly").get() as { m: string }).m;
    expect(text, `the trend's row for ${month}`).toMatch(new RegExp(`${month} — suppressed`));
  });
});

describe("the charts' stylesheet", () => {
  const chartsLink = /<link rel="stylesheet" href="(\/assets\/charts-[^"]+\.css)"/;
  it("is linked by the pages that draw charts and served, and by no other page (a worker's first load does not fetch it)", async () => {
    const worker = await server.signIn("demo-worker");
    for (const [path, cookie] of [["/council", council], [`/council/employers/${lakesideId()}`, council], ["/transparency", undefined]] as const) {
      const res = await server.request(path, { cookie });
      expect(res.status, path).toBe(200);
      const href = chartsLink.exec(await res.text())?.[1];
      expect(href, path).toBeDefined();
      const css = await server.request(href!);
      expect(css.status).toBe(200);
      expect(await css.text()).toContain(".chart-narrow");
    }
    for (const [path, cookie] of [["/learn/recognize-and-respond/what-is-trafficking", worker], ["/learn", worker], ["/login", undefined]] as const) {
      const res = await server.request(path, { cookie });
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain('rel="stylesheet"');
      expect(html, path).not.toMatch(chartsLink);
    }
  });
});
