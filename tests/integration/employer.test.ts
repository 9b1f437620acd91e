/**
 * The employer's side, through the route functions on a real database: statuses from the
 * law, CSV import, joining by employee ID, attestations, posters and the inspector's exports.
 */
import crypto from "node:crypto";
import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import * as dashboard from "#app/routes/employer._index.tsx";
import * as roster from "#app/routes/employer.roster.tsx";
import * as importRoute from "#app/routes/employer.import.tsx";
import * as addWorker from "#app/routes/employer.workers.new.tsx";
import * as rosterCsv from "#app/routes/employer.roster[.csv].ts";
import * as report from "#app/routes/employer.report[.pdf].ts";
import * as bundle from "#app/routes/employer.audit-bundle[.zip].ts";
import * as poster from "#app/routes/employer.sites.$siteId.poster[.pdf].ts";
import * as attestations from "#app/routes/employer.attestations.tsx";
import * as attestationPdf from "#app/routes/employer.attestations.$attestationId[.pdf].ts";
import * as join from "#app/routes/join.$joinCode.tsx";
import * as workerPage from "#app/routes/employer.workers.$employmentId.tsx";
import * as learn from "#app/routes/learn._index.tsx";
import { call, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";

const DAY = 86_400_000;
let admin: string;
let today: string;
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  await startTestApp();
  admin = await signInAs("demo-employer");
  const { now } = await import("#app/utils/clock.server.ts");
  today = now().toISOString().slice(0, 10);
});

type Row = { id: string; name: string; employeeId: string | null; status: { kind: string; dueDate?: string; validUntil?: string } };
async function rosterRows(query = "") {
  const res = await call(roster.loader, `/employer/roster${query}`, { cookie: admin });
  expect(res.status).toBe(200);
  return res.data as { total: number; rows: Row[] };
}

function csvFile(text: string, name = "roster.csv") {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([text], name, { type: "text/csv" }));
  return form;
}

async function importCsv(text: string) {
  const preview = await post(importRoute.action, "/employer/import", { cookie: admin, formData: csvFile(text) });
  if (preview.status !== 200) return { preview, done: undefined };
  const p = preview.data as { pendingId: string; sha256: string };
  const done = await post(importRoute.action, "/employer/import", { cookie: admin, form: { intent: "import", pendingId: p.pendingId, sha256: p.sha256 } });
  return { preview, done };
}

describe("statuses from the law (Lakeside Inn: Texas lodging, 90 days, yearly)", () => {
  it("shows each demo worker's status, computed from hire date and role", async () => {
    const { rows } = await rosterRows();
    const byName = new Map(rows.map((r) => [r.name, r.status]));
    expect(byName.get("José Núñez")).toMatchObject({ kind: "compliant" });
    expect(byName.get("Maria Lopez")).toEqual({ kind: "due", dueDate: new Date(Date.parse(`${daysAgo(20)}T00:00:00Z`) + 90 * DAY).toISOString().slice(0, 10) });
    expect(byName.get("Samuel Okafor")).toMatchObject({ kind: "due" });
    expect(byName.get("Ana Torres")).toMatchObject({ kind: "due" });
    const former = await rosterRows("?status=former");
    expect(former.rows.map((r) => r.name)).toEqual(["Greta Lindqvist"]);
    const dash = await call(dashboard.loader, "/employer", { cookie: admin });
    const s = (dash.data as { summary: { covered: number; compliant: number; counts: Record<string, number> } }).summary;
    expect(s.covered).toBe(4);
    expect(s.compliant).toBe(1);
    expect(s.counts.due).toBe(3);
  });

  it("filters, searches, sorts and pages", async () => {
    expect((await rosterRows("?q=torres")).rows.map((r) => r.name)).toEqual(["Ana Torres"]);
    expect((await rosterRows("?q=LI-1001")).rows.map((r) => r.name)).toEqual(["José Núñez"]);
    expect((await rosterRows("?status=compliant")).rows.map((r) => r.name)).toEqual(["José Núñez"]);
    expect((await rosterRows("?role=maintenance")).rows.map((r) => r.name)).toEqual(["Samuel Okafor"]);
    const names = (await rosterRows("?sort=name")).rows.map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect((await call(roster.loader, "/employer/roster?sort=sideways", { cookie: admin })).status).toBe(400);
  });
});

describe("CSV import", () => {
  const header = "Name,Employee ID,Role,Site,Hire Date,Email,Phone";
  it("refuses a file with any bad row: nothing is imported, and each problem names its line", async () => {
    const before = await snapshotCounts();
    const csv = [header, "Good Person,LI-2001,housekeeping,Main building,2026-01-05,,", "No Role,LI-2002,astronaut,Main building,2026-01-05,,", "Bad Date,LI-2003,front-desk,Main building,2026-02-30,,", "Dup,LI-2001,security,Main building,2026-01-05,,"].join("\n");
    const { preview } = await importCsv(csv);
    expect(preview.status).toBe(400);
    const errors = (preview.data as { rowErrors: { line: number; message: string }[] }).rowErrors;
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(errors[0]!.message).toMatch(/astronaut/);
    expect(errors[1]!.message).toMatch(/2026-02-30/);
    expect(errors[2]!.message).toMatch(/line 2/);
    // An admin who chose Spanish reads the same problems in Spanish.
    const spanish = await post(importRoute.action, "/employer/import", { cookie: admin, formData: csvFile(csv), headers: { "Accept-Language": "es" } });
    const es = (spanish.data as { rowErrors: { message: string }[]; errors: { file: string } });
    expect(es.rowErrors.map((e) => e.message)).toEqual([
      'el puesto "astronaut" no es uno de estos: ' + errors[0]!.message.split(": ").at(-1),
      'la fecha de contratación "2026-02-30" no es una fecha (use AAAA-MM-DD o M/D/AAAA)',
      'el número de empleado "LI-2001" también está en la línea 2',
    ]);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("imports a file with a byte-order mark, Windows line ends and Excel quoting; re-importing it changes nothing", async () => {
    const csv = "\uFEFF" + [header, '"Okonkwo, Chidi",LI-3001,Housekeeping or laundry,Lakeview annex,3/2/2026,chidi@example.org,', '"Lee ""Red"" Park",LI-3002,front-desk,Main building,2026-03-10,,+1 512 555 0100'].join("\r\n") + "\r\n";
    const first = await importCsv(csv);
    expect(first.preview.status).toBe(200);
    expect((first.preview.data as { plan: { added: unknown[] } }).plan.added).toHaveLength(2);
    expect(first.done!.status).toBe(200);
    const names = (await rosterRows("?q=LI-300")).rows.map((r) => r.name).sort();
    expect(names).toEqual(["Lee \"Red\" Park", "Okonkwo, Chidi"]);
    const before = await snapshotCounts();
    const second = await importCsv(csv);
    expect((second.preview.data as { plan: { added: unknown[]; changed: unknown[]; unchanged: number } }).plan).toMatchObject({ added: [], changed: [], unchanged: 2 });
    expect(await snapshotCounts()).toEqual(before);
  });

  it("shows changed rows and current staff missing from the file (possible leavers)", async () => {
    const csv = [header, "Okonkwo Chidi,LI-3001,housekeeping,Lakeview annex,2026-03-02,chidi@example.org,"].join("\n");
    const { preview } = await importCsv(csv);
    const plan = (preview.data as { plan: { changed: { employeeId: string; changes: string[] }[]; missing: { employeeId: string }[] } }).plan;
    expect(plan.changed).toEqual([{ name: "Okonkwo Chidi", employeeId: "LI-3001", changes: ["name: Okonkwo, Chidi → Okonkwo Chidi"] }]);
    expect(plan.missing.map((m) => m.employeeId)).toContain("LI-3002");
    expect(plan.missing.map((m) => m.employeeId)).toContain("LI-1001");
  });

  it("a file without the optional email and phone columns leaves the roster's emails and phones alone", async () => {
    const csv = ["Name,Employee ID,Role,Site,Hire Date", 'Okonkwo Chidi,LI-3001,housekeeping,Lakeview annex,2026-03-02', '"Lee ""Red"" Park",LI-3002,front-desk,Main building,2026-03-10'].join("\n");
    const { preview, done } = await importCsv(csv);
    expect((preview.data as { plan: { changed: unknown[]; unchanged: number } }).plan).toMatchObject({ changed: [], unchanged: 2 });
    expect(done!.status).toBe(200);
    const { getDb } = await import("#app/utils/db.server.ts");
    const rows = getDb().$client.prepare("SELECT employee_id AS id, email, phone FROM employments WHERE employee_id IN ('LI-3001', 'LI-3002') ORDER BY employee_id").all();
    expect(rows).toEqual([
      { id: "LI-3001", email: "chidi@example.org", phone: null },
      { id: "LI-3002", email: null, phone: "+1 512 555 0100" },
    ]);
  });

  it("refuses a confirmation that names no preview of this admin (409); the file itself is not taken", async () => {
    const res = await post(importRoute.action, "/employer/import", { cookie: admin, form: { intent: "import", csv: `${header}\nX,LI-9,housekeeping,Main building,2026-01-01,,`, sha256: "0".repeat(64) } });
    expect(res.status).toBe(409);
  });
});

describe("joining by employee ID and claim code", () => {
  it("lets a worker on the roster claim their row: the employer's role and hire date stay", async () => {
    const before = (await rosterRows("?q=LI-1003")).rows[0]!;
    // The claim code the employer hands over (worker page, join slip).
    const page = await call(workerPage.loader, `/employer/workers/${before.id}`, { cookie: admin, params: { employmentId: before.id } });
    const claimCode = (page.data as { worker: { claimCode: string } }).worker.claimCode;
    const res = await post(join.action, "/join/LAKESIDE-ANNEX", {
      params: { joinCode: "LAKESIDE-ANNEX" },
      form: { name: "Ana T.", username: "ana-torres", password: "my own good passphrase", employeeId: "LI-1003", claimCode },
    });
    expect(res.status).toBe(302);
    const after = (await rosterRows("?q=LI-1003")).rows[0]!;
    expect(after.id).toBe(before.id);
    expect(after.status).toEqual(before.status);
    expect((await call(learn.loader, "/learn", { cookie: res.cookie })).status).toBe(200);
    // The row is claimed: the same employee ID and code cannot claim it again.
    const again = await post(join.action, "/join/LAKESIDE-INN", {
      params: { joinCode: "LAKESIDE-INN" },
      form: { name: "Impostor", username: "impostor-1", password: "another good passphrase", employeeId: "LI-1003", claimCode },
    });
    expect(again.status).toBe(400);
  });
});

describe("adding a worker by hand", () => {
  it("adds with validation; a duplicate employee ID is refused (409) and writes nothing", async () => {
    const form = { fullName: "Ines Duarte", employeeId: "LI-4001", jobRole: "security", siteId: "", hireDate: daysAgo(100), email: "", phone: "" };
    const res = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form });
    expect(res.status).toBe(302);
    expect((await rosterRows("?q=LI-4001")).rows[0]!.status).toMatchObject({ kind: "overdue" });
    const before = await snapshotCounts();
    const duplicate = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form });
    expect(duplicate.status).toBe(409);
    expect((duplicate.data as { errors: Record<string, string> }).errors.employeeId).toBe("Another worker on your roster has that employee ID");
    const spanish = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form, headers: { "Accept-Language": "es" } });
    expect((spanish.data as { errors: Record<string, string> }).errors.employeeId).toBe("Otro trabajador de su lista del personal ya tiene ese número de empleado");
    expect((await post(addWorker.action, "/employer/workers/new", { cookie: admin, form: { ...form, employeeId: "", hireDate: "someday" } })).status).toBe(400);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("records the language a worker reads, for reminders until they choose one; a value that is not a language is refused", async () => {
    const form = { fullName: "Rosa Quispe", employeeId: "LI-4002", jobRole: "housekeeping", siteId: "", hireDate: daysAgo(10), email: "", phone: "", language: "es" };
    expect((await post(addWorker.action, "/employer/workers/new", { cookie: admin, form })).status).toBe(302);
    const { getDb } = await import("#app/utils/db.server.ts");
    const language = () => (getDb().$client.prepare("SELECT language FROM employments WHERE employee_id = 'LI-4003'").get() as { language: string | null } | undefined)?.language;
    expect((getDb().$client.prepare("SELECT language FROM employments WHERE employee_id = 'LI-4002'").get() as { language: string }).language).toBe("es");
    const before = await snapshotCounts();
    const bad = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form: { ...form, employeeId: "LI-4003", language: "fr" } });
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string> }).errors.language).toBe("Choose English, Spanish or not known");
    expect(await snapshotCounts()).toEqual(before);
    expect(language()).toBeUndefined();

    // By CSV: a language column (en / es, English / Spanish / español); a row with another value is refused.
    const csv = ["Name,Employee ID,Role,Site,Hire Date,Language", "Tomás Ruiz,LI-4004,housekeeping,Main building,2026-03-02,Español", "Kim Lee,LI-4005,housekeeping,Main building,2026-03-02,english"].join("\n");
    const imported = await importCsv(csv);
    expect(imported.done!.status).toBe(200);
    const rows = getDb().$client.prepare("SELECT employee_id AS id, language FROM employments WHERE employee_id IN ('LI-4004', 'LI-4005') ORDER BY employee_id").all();
    expect(rows).toEqual([{ id: "LI-4004", language: "es" }, { id: "LI-4005", language: "en" }]);
    const refused = await importCsv(["Name,Employee ID,Role,Site,Hire Date,Language", "Tomás Ruiz,LI-4004,housekeeping,Main building,2026-03-02,français"].join("\n"));
    expect(refused.preview.status).toBe(400);
    expect((refused.preview.data as { rowErrors: { message: string }[] }).rowErrors[0]!.message).toBe('language "français" must be en or es (or English, Spanish, español)');
    // Changing it shows in the preview by the language's name.
    const change = await importCsv(["Name,Employee ID,Role,Site,Hire Date,Language", "Tomás Ruiz,LI-4004,housekeeping,Main building,2026-03-02,en"].join("\n"));
    expect((change.preview.data as { plan: { changed: { changes: string[] }[] } }).plan.changed[0]!.changes).toEqual(["language: Español → English"]);
  });
});

describe("exports for an inspector", () => {
  it("downloads the roster as CSV with current and former staff, audited", async () => {
    const res = await call(rosterCsv.loader, "/employer/roster.csv", { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = res.data as string;
    // (Response.text() drops the byte-order mark Excel needs; the raw bytes keep it.)
    const raw = (await rosterCsv.loader({ request: new Request("http://localhost/employer/roster.csv", { headers: { Cookie: admin } }), params: {}, context: {} })) as Response;
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("name,employee_id,role,site,hire_date,termination_date,status,status_date,certificate_code,completed_on,valid_until,email,phone,language,joined_as");
    expect(text).toContain("Greta Lindqvist");
    // The language recorded for reminders goes out as the import reads it back.
    const header = lines[0]!.split(",");
    expect(lines.find((l) => l.includes(",LI-4004,"))!.split(",")[header.indexOf("language")]).toBe("en");
    expect(text).toMatch(/José Núñez,LI-1001,.*,Compliant,\d{4}-\d{2}-\d{2},[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}/);
    // An inspector's file is in English whatever language the admin reads the pages in.
    const fromSpanish = (await call(rosterCsv.loader, "/employer/roster.csv", { cookie: admin, headers: { "Accept-Language": "es" } })).data as string;
    expect(fromSpanish).toMatch(/José Núñez,LI-1001,.*,Compliant,/);
    const { listAudit } = await import("#app/models/audit.server.ts");
    expect(listAudit({ limit: 1 })[0]).toMatchObject({ action: "export", targetId: "roster-csv" });
  });

  it("renders the compliance report PDF with who generated it and every covered worker", async () => {
    const res = await call(report.loader, "/employer/report.pdf", { cookie: admin });
    expect(res.status).toBe(200);
    const { text } = await pdfText(res.data as Uint8Array);
    expect(text).toContain("Lakeside Inn");
    expect(text).toContain("Erin Olson");
    expect(text).toContain("Tex. Bus. & Com. Code");
    for (const name of ["José Núñez", "Maria Lopez", "Greta Lindqvist"]) expect(text).toContain(name);
  });

  it("bundles the roster, the report and every certificate PDF, with a SHA-256 manifest that checks out", async () => {
    const res = await call(bundle.loader, "/employer/audit-bundle.zip", { cookie: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="audit-bundle-lakeside-inn-\d{4}-\d{2}-\d{2}\.zip"/);
    const files = unzipSync(res.data as Uint8Array);
    const names = Object.keys(files).sort();
    expect(names).toContain("roster.csv");
    expect(names).toContain("compliance-report.pdf");
    expect(names).toContain("README.txt");
    expect(names.filter((n) => n.startsWith("certificates/"))).toHaveLength(1);
    const manifest = strFromU8(files["SHA256SUMS"]!).trim().split("\n");
    expect(manifest).toHaveLength(names.length - 1);
    for (const line of manifest) {
      const [hash, name] = line.split("  ") as [string, string];
      expect(crypto.createHash("sha256").update(files[name]!).digest("hex"), name).toBe(hash);
    }
    const cert = names.find((n) => n.startsWith("certificates/"))!;
    expect((await pdfText(files[cert]!)).text).toContain("José Núñez");
    // The README says what the report is: generated, not signed (it has no signature block).
    const readme = strFromU8(files["README.txt"]!);
    expect(readme).not.toMatch(/signed[- ]off/i);
    expect(readme).toContain("compliance-report.pdf: the same records as a printable report, generated by Frontline Ready for Erin Olson; it is not signed.");
    expect((await pdfText(files["compliance-report.pdf"]!)).text).toContain("(not signed)");
  });
});

describe("posters and attestations", () => {
  it("prints a QR poster per site with its join link", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const site = getDb().$client.prepare("SELECT id FROM sites WHERE join_code = 'LAKESIDE-ANNEX'").get() as { id: string };
    const res = await call(poster.loader, `/employer/sites/${site.id}/poster.pdf`, { cookie: admin, params: { siteId: site.id } });
    expect(res.status).toBe(200);
    const { text, pages } = await pdfText(res.data as Uint8Array);
    expect(pages).toBe(1);
    expect(text).toContain("/join/LAKESIDE-ANNEX");
    expect(text).toContain("Lakeview annex");
    // English and Spanish on the same sheet.
    expect(text).toContain("Your anti-trafficking training");
    expect(text).toContain("Su capacitación contra la trata de personas");
    expect(text).toContain("No necesita correo electrónico");
    expect((await call(poster.loader, "/employer/sites/nope/poster.pdf", { cookie: admin, params: { siteId: "nope" } })).status).toBe(404);
  });

  it("records a signed attestation where the rule asks for one (Minnesota), once per period, audited and printable", async () => {
    const { createEmployer } = await import("#app/models/employer.server.ts");
    const { createUser } = await import("#app/models/user.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const mn = createEmployer({ name: "North Star Lodge", sector: "lodging", jurisdiction: "US-MN" }, now());
    await createUser({ username: "mn-admin", name: "Kari Berg", password: "frontline-demo", kind: "employer_admin", employerId: mn.id }, now());
    const cookie = await signInAs("mn-admin");
    const page = await call(attestations.loader, "/employer/attestations", { cookie });
    expect((page.data as { required: unknown }).required).not.toBeNull();
    const period = (page.data as { periods: string[] }).periods[0]!;
    // The statement signed is English, from the English messages, with the law's citation; a Spanish reader also gets it in Spanish.
    const statement = (page.data as { statement: string }).statement;
    expect(statement).toMatch(new RegExp(`^I attest that North Star Lodge provided human trafficking awareness training to its covered employees for ${period} as required by Minn\\. Stat\\.`));
    expect((page.data as { translated: string | null }).translated).toBeNull();
    const inSpanish = (await call(attestations.loader, "/employer/attestations", { cookie, headers: { "Accept-Language": "es" } })).data as { statement: string; translated: string };
    expect(inSpanish.statement).toBe(statement);
    expect(inSpanish.translated).toMatch(new RegExp(`^Declaro que North Star Lodge .* ${period}, como exige Minn\\. Stat\\.`));
    const form = { period, signedName: "Kari Berg", signedTitle: "General manager", confirm: "yes" };
    expect((await post(attestations.action, "/employer/attestations", { cookie, form: { ...form, confirm: "" } })).status).toBe(400);
    const res = await post(attestations.action, "/employer/attestations", { cookie, form });
    expect(res.status).toBe(200);
    expect((await post(attestations.action, "/employer/attestations", { cookie, form })).status).toBe(409);
    const { listAudit } = await import("#app/models/audit.server.ts");
    expect(listAudit({ employerId: mn.id, limit: 1 })[0]!.action).toBe("attestation-signed");
    const signed = ((await call(attestations.loader, "/employer/attestations", { cookie })).data as { signed: { id: string }[] }).signed;
    const pdf = await call(attestationPdf.loader, `/employer/attestations/${signed[0]!.id}.pdf`, { cookie, params: { attestationId: signed[0]!.id } });
    const { text } = await pdfText(pdf.data as Uint8Array);
    expect(text).toContain("North Star Lodge");
    expect(text).toContain("Kari Berg");
    expect(text.replace(/\s+/g, " ")).toContain("I attest that North Star Lodge provided human trafficking awareness training");
    // Lakeside's rule (Texas) asks for no attestation.
    expect((await post(attestations.action, "/employer/attestations", { cookie: admin, form })).status).toBe(409);
  });
});

describe("rule versions", () => {
  it("stamps a certificate with the rule and its version in force when issued", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const { getContent } = await import("#app/server/content.server.ts");
    const row = getDb().$client.prepare("SELECT rule_id, rule_version FROM certificates LIMIT 1").get() as { rule_id: string; rule_version: string };
    expect(row.rule_id).toBe("us-tx-lodging");
    expect(row.rule_version).toBe(getContent().policies.get("us-tx-lodging")!.version);
  });
});
