/**
 * The report's roster is read in pages with the event loop free between them (ADR 037, issue
 * 17: a 5,000-row report paused the server up to 1.38 s), as one snapshot, and hashed in pieces
 * to the same version. No timing: the test counts page queries and checks that an immediate
 * queued before the read runs before the read resolves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "#tests/support/harness.ts";

beforeAll(async () => {
  await startTestApp();
});
afterAll(async () => {
  const { stopPdfWorker } = await import("#app/pdf/pool.server.ts");
  await stopPdfWorker();
});

async function context() {
  const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
  const { getDb } = await import("#app/utils/db.server.ts");
  return { employer: getEmployerByJoinCode("LAKESIDE-INN")!, db: getDb() };
}

const byId = <T extends { employment: { id: string } }>(xs: T[]) => [...xs].sort((a, b) => (a.employment.id < b.employment.id ? -1 : 1));

describe("the report's roster read in pages", () => {
  it("reads the same entries as getEmployerRoster, a page at a time, leaving the event loop free between pages", async () => {
    const { getEmployerRoster, readEmployerRoster } = await import("#app/models/compliance.server.ts");
    const { employer } = await context();
    const t = new Date();
    const whole = getEmployerRoster(employer, t);
    const n = whole.entries.length;
    expect(n).toBeGreaterThan(4);
    let pages = 0;
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    const read = readEmployerRoster(employer, t, { pageSize: 2, onPage: () => pages++ });
    expect(immediateRan, "nothing ran synchronously past the first page").toBe(false);
    const paged = await read;
    // Read in one synchronous block, the immediate queued before the call would run only after it.
    expect(immediateRan, "the event loop turned while the roster was read").toBe(true);
    expect(pages).toBe(Math.floor(n / 2) + 1);
    expect(paged.today).toBe(whole.today);
    expect(paged.rule?.policy.title).toBe(whole.rule?.policy.title);
    expect(byId(paged.entries)).toEqual(byId(whole.entries));
  });

  it("is one snapshot: a write committed between two pages is not in the result", async () => {
    const { readEmployerRoster } = await import("#app/models/compliance.server.ts");
    const { employer, db } = await context();
    const t = new Date();
    const last = db.$client.prepare("SELECT rowid, id, full_name AS name FROM employments WHERE employer_id = ? ORDER BY rowid DESC LIMIT 1").get(employer.id) as { rowid: number; id: string; name: string };
    let pages = 0;
    try {
      const paged = await readEmployerRoster(employer, t, {
        pageSize: 2,
        onPage: () => {
          // After the first page (before the last row is read), rename the last row on the app's own connection.
          if (++pages === 1) db.$client.prepare("UPDATE employments SET full_name = 'Renamed Between Pages' WHERE id = ?").run(last.id);
        },
      });
      expect(db.$client.prepare("SELECT full_name AS name FROM employments WHERE id = ?").get(last.id)).toEqual({ name: "Renamed Between Pages" });
      const row = paged.entries.find((e) => e.employment.id === last.id);
      expect(row?.employment.fullName).toBe(last.name);
      expect(paged.entries.some((e) => e.employment.fullName === "Renamed Between Pages")).toBe(false);
      expect(pages).toBeGreaterThan(1);
    } finally {
      db.$client.prepare("UPDATE employments SET full_name = ? WHERE id = ?").run(last.name, last.id);
    }
  });

  it("hashes a report's data in pieces to exactly the version reportVersion gives", async () => {
    const { getEmployerRoster } = await import("#app/models/compliance.server.ts");
    const { reportData } = await import("#app/models/exports.server.ts");
    const { reportVersion, reportVersionPaced } = await import("#app/models/report-pdf.server.ts");
    const { employer, db } = await context();
    const admin = db.$client.prepare("SELECT id, kind, name FROM users WHERE username = 'demo-employer'").get() as { id: string; kind: "employer_admin"; name: string };
    const t = new Date();
    const compliance = getEmployerRoster(employer, t);
    const data = reportData(employer, compliance, admin, t);
    // Over several pieces of 500 rows, with awkward text.
    const rows = Array.from({ length: 1203 }, (_, i) => ({ ...data.rows[i % data.rows.length]!, name: `Row ${i} "quoted" é\n` }));
    for (const d of [data, { ...data, rows }, { ...data, rows: [] }]) {
      expect(await reportVersionPaced(d, compliance.today)).toBe(reportVersion(d, compliance.today));
    }
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    await reportVersionPaced({ ...data, rows }, compliance.today);
    expect(immediateRan).toBe(true);
    expect(await reportVersionPaced({ ...data, rows }, "2000-01-01")).not.toBe(reportVersion({ ...data, rows }, compliance.today));
  });

  it("builds the report's rows in pieces, leaving the event loop free between them, to exactly reportData's data", async () => {
    const { getEmployerRoster } = await import("#app/models/compliance.server.ts");
    const { reportData, reportDataPaced } = await import("#app/models/exports.server.ts");
    const { employer, db } = await context();
    const admin = db.$client.prepare("SELECT id, kind, name FROM users WHERE username = 'demo-employer'").get() as { id: string; kind: "employer_admin"; name: string };
    const t = new Date();
    const compliance = getEmployerRoster(employer, t);
    expect(compliance.entries.length).toBeGreaterThan(4);
    let immediateRan = false;
    setImmediate(() => (immediateRan = true));
    const paced = reportDataPaced(employer, compliance, admin, t, 2);
    expect(immediateRan, "nothing ran synchronously past the first piece").toBe(false);
    const data = await paced;
    expect(immediateRan, "the event loop turned while the rows were built").toBe(true);
    expect(data).toEqual(reportData(employer, compliance, admin, t));
    expect(await reportDataPaced(employer, compliance, admin, t)).toEqual(data);
  });
});
