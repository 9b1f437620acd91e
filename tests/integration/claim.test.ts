/**
 * Claiming a pre-registered roster row: the employee ID says which row, the claim code proves
 * the worker is the one the employer gave it to. Codes for every row no account holds (by hand,
 * imported, back-filled), shown only to the employer (worker page, join slip), issued anew on
 * demand; wrong tries throttled per address and per employer and audited; a wrong claim undone.
 * And the join form says a username is taken only when the rest of the form is good.
 */
import fs from "node:fs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as join from "#app/routes/join.$joinCode.tsx";
import * as workerPage from "#app/routes/employer.workers.$employmentId.tsx";
import * as slip from "#app/routes/employer.workers.$employmentId.slip[.pdf].ts";
import * as addWorker from "#app/routes/employer.workers.new.tsx";
import * as importRoute from "#app/routes/employer.import.tsx";
import * as rosterCsv from "#app/routes/employer.roster[.csv].ts";
import * as bundle from "#app/routes/employer.audit-bundle[.zip].ts";
import * as council from "#app/routes/council._index.tsx";
import * as councilEmployer from "#app/routes/council.employers.$employerId.tsx";
import * as transparency from "#app/routes/transparency[.json].ts";
import * as adminAudit from "#app/routes/admin.audit.tsx";
import { CODE_ALPHABET } from "#app/domain/certificate-code.ts";
import { call, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";
import { pdfText } from "#tests/support/pdf.ts";
import { strFromU8, unzipSync } from "fflate";

const CODE = new RegExp(`^[${CODE_ALPHABET}]{8}$`);
const SHOWN = new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`);
const MIN = 60_000;
const PASSWORD = "a long enough password";

let admin: string;
let today: string;
let seq = 0;

type Raw = { id: string; user_id: string | null; claim_code: string | null; employee_id: string | null; ended_at: number | null };
async function raw() {
  const { getDb } = await import("#app/utils/db.server.ts");
  return getDb().$client;
}
async function rowOf(employeeId: string, employer = "LAKESIDE-INN") {
  return (await raw()).prepare("SELECT e.* FROM employments e JOIN employers r ON r.id = e.employer_id WHERE r.join_code = ? AND e.employee_id = ?").get(employer, employeeId) as Raw;
}
async function addRow(employeeId: string, fullName = `Pat ${employeeId}`) {
  const res = await post(addWorker.action, "/employer/workers/new", { cookie: admin, form: { fullName, employeeId, jobRole: "housekeeping", siteId: "", hireDate: today, email: "", phone: "" } });
  expect(res.status).toBe(302);
  return rowOf(employeeId);
}
/** The claim code as the employer's worker page shows it. */
async function shownCode(employmentId: string) {
  const page = await call(workerPage.loader, `/employer/workers/${employmentId}`, { cookie: admin, params: { employmentId } });
  return (page.data as { worker: { claimCode: string | null } }).worker.claimCode;
}
function joinForm(fields: Record<string, string>) {
  seq++;
  return { name: "Someone New", username: `claimer-${seq}`, password: PASSWORD, ...fields };
}
function joinAs(fields: Record<string, string>, address = "203.0.113.1", joinCode = "LAKESIDE-INN") {
  return post(join.action, `/join/${joinCode}`, { params: { joinCode }, form: joinForm(fields), context: { clientAddress: address } });
}
async function lastAudit(action: string) {
  return (await raw()).prepare("SELECT * FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1").get(action) as { actor_id: string | null; client_address: string; target_id: string; employer_id: string; detail: string } | undefined;
}
const errorsOf = (res: { data: unknown }) => (res.data as { errors: Record<string, string> }).errors;

beforeAll(async () => {
  await startTestApp();
  admin = await signInAs("demo-employer");
  const { now } = await import("#app/utils/clock.server.ts");
  today = now().toISOString().slice(0, 10);
});

beforeEach(async () => {
  const { throttles } = await import("#app/utils/throttle.server.ts");
  for (const t of Object.values(throttles)) t.reset();
});

describe("claim codes", () => {
  it("every row no account holds has one (seeded, added by hand, imported); a row an account holds has none", async () => {
    for (const id of ["LI-1003", "LI-1004", "LI-0990"]) expect((await rowOf(id)).claim_code).toMatch(CODE);
    for (const id of ["LI-1001", "LI-1002"]) expect((await rowOf(id)).claim_code).toBeNull();
    expect((await addRow("LI-5001")).claim_code).toMatch(CODE);
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([`name,employee id,role,site,hire date\nImre Kovacs,LI-5002,housekeeping,,${today}\n`], "r.csv", { type: "text/csv" }));
    const preview = await post(importRoute.action, "/employer/import", { cookie: admin, formData: form });
    const p = preview.data as { pendingId: string; sha256: string };
    expect((await post(importRoute.action, "/employer/import", { cookie: admin, form: { intent: "import", pendingId: p.pendingId, sha256: p.sha256 } })).status).toBe(200);
    expect((await rowOf("LI-5002")).claim_code).toMatch(CODE);
    // Each row its own code.
    const codes = ((await raw()).prepare("SELECT claim_code FROM employments WHERE claim_code IS NOT NULL").all() as { claim_code: string }[]).map((r) => r.claim_code);
    expect(new Set(codes).size).toBe(codes.length);
    // Joining by role makes a row the account holds: no code.
    const res = await joinAs({ role: "housekeeping" });
    expect(res.status).toBe(302);
    expect(((await raw()).prepare("SELECT e.claim_code FROM employments e JOIN users u ON u.id = e.user_id WHERE u.username = ?").get(`claimer-${seq}`) as { claim_code: string | null }).claim_code).toBeNull();
  });

  it("the migration's back-fill gives every unheld row a code over the whole alphabet, and leaves held rows alone", async () => {
    const db = await raw();
    for (let i = 0; i < 200; i++) await addRow(`LI-B${i}`);
    const sqlText = fs.readFileSync("db/migrations/0011_claim_codes.sql", "utf8");
    const backfill = sqlText.split("--> statement-breakpoint").find((s) => s.includes("UPDATE"))!;
    // As before the migration: no codes.
    db.prepare("UPDATE employments SET claim_code = NULL").run();
    db.exec(backfill);
    const rows = db.prepare("SELECT user_id, claim_code FROM employments").all() as { user_id: string | null; claim_code: string | null }[];
    const unheld = rows.filter((r) => r.user_id === null).map((r) => r.claim_code!);
    expect(unheld.length).toBeGreaterThan(200);
    for (const c of unheld) expect(c).toMatch(CODE);
    expect(new Set(unheld).size).toBe(unheld.length);
    expect(new Set(unheld.join("")).size).toBe(CODE_ALPHABET.length);
    expect(rows.filter((r) => r.user_id !== null).every((r) => r.claim_code === null)).toBe(true);
  }, 180_000);

  it("the employer sees it on the worker's page and prints it on the join slip; a row held or another employer's has no slip", async () => {
    const ana = await rowOf("LI-1003");
    const code = await shownCode(ana.id);
    expect(code).toMatch(SHOWN);
    expect(code!.replace("-", "")).toBe(ana.claim_code);
    const pdf = await call(slip.loader, `/employer/workers/${ana.id}/slip.pdf`, { cookie: admin, params: { employmentId: ana.id } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Cache-Control")).toBe("private, no-store");
    const { text } = await pdfText(pdf.data as Uint8Array);
    expect(text).toContain("Ana Torres");
    expect(text).toContain("LI-1003");
    expect(text).toContain(code);
    // Ana is on the annex's roster: the slip carries the annex's join link.
    // (The address may be cut into lines before a "/"; read without the breaks, it is whole.)
    expect(text.replace(/\s+/g, "")).toContain("http://localhost:3000/join/LAKESIDE-ANNEX");
    expect(text).toContain("Código de registro");
    const held = await rowOf("LI-1001");
    expect((await call(slip.loader, `/employer/workers/${held.id}/slip.pdf`, { cookie: admin, params: { employmentId: held.id } })).status).toBe(409);
    const metro = await signInAs("demo-driver");
    expect((await call(slip.loader, `/employer/workers/${ana.id}/slip.pdf`, { cookie: metro, params: { employmentId: ana.id } })).status).toBe(403);
    const { createUser } = await import("#app/models/user.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const metroId = ((await raw()).prepare("SELECT id FROM employers WHERE join_code = 'METRO-TRANSIT'").get() as { id: string }).id;
    await createUser({ username: "metro-claim-admin", name: "Morgan Reyes", password: "frontline-demo", kind: "employer_admin", employerId: metroId }, now());
    const other = await signInAs("metro-claim-admin");
    expect((await call(slip.loader, `/employer/workers/${ana.id}/slip.pdf`, { cookie: other, params: { employmentId: ana.id } })).status).toBe(404);
    expect((await call(workerPage.loader, `/employer/workers/${ana.id}`, { cookie: other, params: { employmentId: ana.id } })).status).toBe(404);
  });

  it("stays out of the roster export, the audit bundle, the council's pages, the public figures and the audit log", async () => {
    const unheld = ((await raw()).prepare("SELECT claim_code FROM employments WHERE claim_code IS NOT NULL").all() as { claim_code: string }[]).map((r) => r.claim_code);
    expect(unheld.length).toBeGreaterThan(0);
    const formatted = unheld.flatMap((c) => [c, `${c.slice(0, 4)}-${c.slice(4)}`]);
    const csv = String((await call(rosterCsv.loader, "/employer/roster.csv", { cookie: admin })).data);
    const zip = unzipSync((await call(bundle.loader, "/employer/audit-bundle.zip", { cookie: admin })).data as Uint8Array);
    const zipText = Object.entries(zip).filter(([name]) => !name.endsWith(".pdf")).map(([, bytes]) => strFromU8(bytes)).join("\n");
    const councilCookie = await signInAs("demo-council");
    const lakesideId = ((await raw()).prepare("SELECT id FROM employers WHERE join_code = 'LAKESIDE-INN'").get() as { id: string }).id;
    const councilPages = JSON.stringify([
      (await call(council.loader, "/council", { cookie: councilCookie })).data,
      (await call(councilEmployer.loader, `/council/employers/${lakesideId}`, { cookie: councilCookie, params: { employerId: lakesideId } })).data,
    ]);
    const publicJson = JSON.stringify((await call(transparency.loader, "/transparency.json")).data);
    const auditPage = JSON.stringify((await call(adminAudit.loader, "/admin/audit", { cookie: await signInAs("demo-admin") })).data);
    const auditLog = JSON.stringify((await raw()).prepare("SELECT * FROM audit_log").all());
    expect(csv).toContain("LI-1003");
    for (const c of formatted) {
      for (const [where, text] of Object.entries({ csv, zipText, councilPages, publicJson, auditPage, auditLog })) expect(text.includes(c), `${where} holds a claim code`).toBe(false);
    }
  }, 180_000);
});

describe("claiming a row when joining", () => {
  it("needs the claim code with the employee ID; a missing or malformed code, or a code alone, is a 400 that writes nothing", async () => {
    const before = await snapshotCounts();
    const missing = await joinAs({ employeeId: "LI-1004" });
    expect(missing.status).toBe(400);
    expect(errorsOf(missing).claimCode).toMatch(/claim code from your join slip/);
    const malformed = await joinAs({ employeeId: "LI-1004", claimCode: "OOPS-1111" });
    expect(errorsOf(malformed).claimCode).toBe("A claim code is 8 letters and digits, like 7KX4-PDEM");
    const alone = await joinAs({ claimCode: "7KX4-PDEM" });
    expect(errorsOf(alone).employeeId).toBe("Enter your employee ID with the claim code");
    const es = await post(join.action, "/join/LAKESIDE-INN", { params: { joinCode: "LAKESIDE-INN" }, form: joinForm({ employeeId: "LI-1004" }), headers: { "Accept-Language": "es" } });
    expect(errorsOf(es).claimCode).toMatch(/código de registro/);
    expect(await snapshotCounts()).toEqual(before);
    // Malformed input is not a guess: nothing counted, nothing audited.
    expect(await lastAudit("roster-claim-failed")).toBeUndefined();
  });

  it("refuses a wrong code with the same answer as an unknown employee ID (400), writes nothing but the audit row, and takes the right one", async () => {
    const samuel = await rowOf("LI-1004");
    const code = (await shownCode(samuel.id))!;
    const wrong = code[0] === "A" ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    const before = await snapshotCounts();
    const wrongCode = await joinAs({ employeeId: "LI-1004", claimCode: wrong });
    const unknownId = await joinAs({ employeeId: "LI-9999", claimCode: code });
    const leftOne = await joinAs({ employeeId: "LI-0990", claimCode: (await rowOf("LI-0990")).claim_code! });
    for (const res of [wrongCode, unknownId, leftOne]) expect(res.status).toBe(400);
    expect(errorsOf(wrongCode)).toEqual(errorsOf(unknownId));
    expect(errorsOf(wrongCode)).toEqual(errorsOf(leftOne));
    expect(errorsOf(wrongCode).claimCode).toBe("Lakeside Inn has no one waiting to join with that employee ID and claim code. Check both on your join slip, or leave them empty and choose your job.");
    expect(await snapshotCounts()).toEqual(before);
    const audited = await lastAudit("roster-claim-failed");
    const lakeside = ((await raw()).prepare("SELECT id FROM employers WHERE join_code = 'LAKESIDE-INN'").get() as { id: string }).id;
    expect(audited).toMatchObject({ client_address: "203.0.113.1", employer_id: lakeside, actor_id: null });
    expect(JSON.parse(audited!.detail)).toEqual({ employeeId: "LI-0990" });
    expect(audited!.detail).not.toContain(code);
    // The right code, typed loosely (lower case, a space), claims the row; the code is spent.
    const ok = await joinAs({ employeeId: "LI-1004", claimCode: ` ${code.toLowerCase().replace("-", " ")} ` });
    expect(ok.status).toBe(302);
    const claimed = await rowOf("LI-1004");
    expect(claimed.id).toBe(samuel.id);
    expect(claimed.user_id).not.toBeNull();
    expect(claimed.claim_code).toBeNull();
    expect(await shownCode(samuel.id)).toBeNull();
    expect((await joinAs({ employeeId: "LI-1004", claimCode: code })).status).toBe(400);
  });

  it("a signed-in worker adding an employer claims their row the same way", async () => {
    const row = await addRow("LI-5101", "Dwayne Carter");
    const cookie = await signInAs("demo-driver");
    const form = (claimCode: string) => ({ params: { joinCode: "LAKESIDE-INN" }, cookie, form: { intent: "add-employer", employeeId: "LI-5101", claimCode }, context: { clientAddress: "203.0.113.9" } });
    const wrong = await post(join.action, "/join/LAKESIDE-INN", form("2222-2222"));
    expect(wrong.status).toBe(400);
    const audited = await lastAudit("roster-claim-failed");
    expect(audited!.actor_id).not.toBeNull();
    const ok = await post(join.action, "/join/LAKESIDE-INN", form(row.claim_code!));
    expect(ok.status).toBe(302);
    expect((await rowOf("LI-5101")).user_id).not.toBeNull();
  });

  it("throttles wrong codes per address (even the right code is refused then), and per employer across addresses", async () => {
    const { advanceClock } = await import("#app/utils/clock.server.ts");
    const row = await addRow("LI-5201");
    for (let i = 0; i < 10; i++) expect((await joinAs({ employeeId: "LI-5201", claimCode: "2222-2222" }, "198.51.100.1")).status).toBe(400);
    const blocked = await joinAs({ employeeId: "LI-5201", claimCode: row.claim_code! }, "198.51.100.1");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(errorsOf(blocked).form).toMatch(/Too many attempts/);
    expect((await rowOf("LI-5201")).user_id).toBeNull();
    // Joining by role is no guess: not throttled.
    expect((await joinAs({ role: "housekeeping" }, "198.51.100.1")).status).toBe(302);
    // 50 wrong tries in all from other addresses close the employer's claims for everyone.
    for (let a = 2; a <= 5; a++) for (let i = 0; i < 10; i++) expect((await joinAs({ employeeId: "LI-5201", claimCode: "2222-2222" }, `198.51.100.${a}`)).status).toBe(400);
    expect((await joinAs({ employeeId: "LI-5201", claimCode: row.claim_code! }, "198.51.100.77")).status).toBe(429);
    // Another employer's claims are open.
    expect((await joinAs({ employeeId: "MT-404", claimCode: "2222-2222" }, "198.51.100.77", "METRO-TRANSIT")).status).toBe(400);
    advanceClock(15 * MIN + 1000);
    expect((await joinAs({ employeeId: "LI-5201", claimCode: row.claim_code! }, "198.51.100.1")).status).toBe(302);
  }, 180_000);
});

describe("a new claim code", () => {
  it("replaces the old one at once, is audited without the code, and is refused for a row an account holds (409)", async () => {
    const row = await addRow("LI-5301");
    const old = (await shownCode(row.id))!;
    const res = await post(workerPage.action, `/employer/workers/${row.id}`, { cookie: admin, params: { employmentId: row.id }, form: { intent: "claim-code" } });
    expect(res.status).toBe(200);
    const fresh = (await shownCode(row.id))!;
    expect(fresh).toMatch(SHOWN);
    expect(fresh).not.toBe(old);
    expect((res.data as { done: string }).done).toContain(fresh);
    const audited = await lastAudit("claim-code-issued");
    expect(audited!.target_id).toBe(row.id);
    expect(audited!.detail).not.toContain(fresh.replace("-", ""));
    expect((await joinAs({ employeeId: "LI-5301", claimCode: old })).status).toBe(400);
    expect((await joinAs({ employeeId: "LI-5301", claimCode: fresh })).status).toBe(302);
    const again = await post(workerPage.action, `/employer/workers/${row.id}`, { cookie: admin, params: { employmentId: row.id }, form: { intent: "claim-code" } });
    expect(again.status).toBe(409);
    expect((await rowOf("LI-5301")).claim_code).toBeNull();
  });
});

describe("undoing a wrong claim", () => {
  it("detaches the account: the row keeps its data and gets a new code, the account keeps its certificates, an open quiz is discarded, audited", async () => {
    const { now } = await import("#app/utils/clock.server.ts");
    const { getCourseForRole } = await import("#app/server/content.server.ts");
    const { getOrStartAttempt, submitAttempt } = await import("#app/models/quiz.server.ts");
    const { listCertificatesForUser } = await import("#app/models/certificate.server.ts");
    const row = await addRow("LI-5401", "Lucia Mendez");
    // Someone else got hold of Lucia's slip, joined as her and passed the quiz.
    const stolen = await joinAs({ name: "Not Lucia", employeeId: "LI-5401", claimCode: row.claim_code! });
    expect(stolen.status).toBe(302);
    const impostor = (await rowOf("LI-5401")).user_id!;
    const employment = (await raw()).prepare("SELECT * FROM employments WHERE id = ?").get(row.id) as never;
    const asRow = { ...(employment as object), id: row.id, userId: impostor, jobRole: "housekeeping" } as never;
    const course = getCourseForRole("housekeeping")!;
    const attempt = getOrStartAttempt(impostor, asRow, course, now());
    const byId = new Map(course.questions.map((q) => [q.id, q]));
    const answers = Object.fromEntries(attempt.questions.map((aq) => [aq.questionId, byId.get(aq.questionId)!.choices.filter((c) => c.correct).map((c) => c.id)]));
    expect(submitAttempt({ userId: impostor, course, attemptId: attempt.id, answers }, now()).kind).toBe("graded");
    const open = getOrStartAttempt(impostor, asRow, course, now());
    const certificates = listCertificatesForUser(impostor);
    expect(certificates).toHaveLength(1);
    const page = async () => (await call(workerPage.loader, `/employer/workers/${row.id}`, { cookie: admin, params: { employmentId: row.id } })).data as { worker: { fullName: string; employeeId: string; hireDate: string; jobRole: string; claimCode: string | null; hasAccount: boolean }; status: { kind: string }; certificates: unknown[] };
    expect((await page()).status.kind).toBe("compliant");

    const unconfirmed = await post(workerPage.action, `/employer/workers/${row.id}`, { cookie: admin, params: { employmentId: row.id }, form: { intent: "detach" } });
    expect(unconfirmed.status).toBe(400);
    expect(errorsOf(unconfirmed).confirm).toMatch(/Tick the box/);
    expect((await rowOf("LI-5401")).user_id).toBe(impostor);

    const res = await post(workerPage.action, `/employer/workers/${row.id}`, { cookie: admin, params: { employmentId: row.id }, form: { intent: "detach", confirm: "yes" } });
    expect(res.status).toBe(200);
    const after = await page();
    expect(after.worker).toMatchObject({ fullName: "Lucia Mendez", employeeId: "LI-5401", hireDate: today, jobRole: "housekeeping", hasAccount: false });
    expect(after.worker.claimCode).toMatch(SHOWN);
    expect(after.worker.claimCode!.replace("-", "")).not.toBe(row.claim_code);
    expect((res.data as { done: string }).done).toContain(after.worker.claimCode!);
    // The certificate is still the impostor's, and no longer counts for Lucia's row.
    expect(listCertificatesForUser(impostor).map((c) => c.id)).toEqual(certificates.map((c) => c.id));
    expect(after.certificates).toEqual([]);
    expect(after.status.kind).not.toBe("compliant");
    expect((await raw()).prepare("SELECT count(*) AS n FROM quiz_attempts WHERE id = ?").get(open.id)).toEqual({ n: 0 });
    const audited = await lastAudit("roster-claim-undone");
    expect(audited!.target_id).toBe(row.id);
    expect(JSON.parse(audited!.detail)).toEqual({ userId: impostor });
    // Nothing left to detach; the old code is dead, the new one is Lucia's.
    expect((await post(workerPage.action, `/employer/workers/${row.id}`, { cookie: admin, params: { employmentId: row.id }, form: { intent: "detach", confirm: "yes" } })).status).toBe(409);
    expect((await joinAs({ employeeId: "LI-5401", claimCode: row.claim_code! })).status).toBe(400);
    expect((await joinAs({ name: "Lucia Mendez", employeeId: "LI-5401", claimCode: after.worker.claimCode! })).status).toBe(302);
    expect((await rowOf("LI-5401")).user_id).not.toBe(impostor);
  }, 180_000);
});

describe("a taken username on the join form", () => {
  it("is said only when the rest of the form is good: a form that fails anyway says nothing about the username", async () => {
    const before = await snapshotCounts();
    const taken = { username: "demo-worker" };
    const badRole = await joinAs({ ...taken, role: "transit-operator" });
    const badClaim = await joinAs({ ...taken, employeeId: "LI-1003", claimCode: "2222-2222" });
    const noJob = await joinAs({ ...taken });
    for (const res of [badRole, badClaim, noJob]) {
      expect(res.status).toBe(400);
      expect(errorsOf(res).username).toBeUndefined();
    }
    const good = await joinAs({ ...taken, role: "housekeeping" });
    expect(good.status).toBe(409);
    expect(errorsOf(good)).toEqual({ username: "That username is taken. Try adding a number or your last name." });
    expect(await snapshotCounts()).toEqual(before);
  });

  it("is said at most 20 times per address in 15 minutes", async () => {
    for (let i = 0; i < 20; i++) expect((await joinAs({ username: "demo-worker", role: "housekeeping" }, "192.0.2.50")).status).toBe(409);
    const blocked = await joinAs({ username: "demo-worker", role: "housekeeping" }, "192.0.2.50");
    expect(blocked.status).toBe(429);
    expect(errorsOf(blocked).username).toBeUndefined();
    expect((await joinAs({ role: "housekeeping" }, "192.0.2.50")).status).toBe(429);
    expect((await joinAs({ role: "housekeeping" }, "192.0.2.51")).status).toBe(302);
  }, 180_000);
});
