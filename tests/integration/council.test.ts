/**
 * The council's counters and pages: kept in step with every write (checked against a
 * recomputation from scratch after random write sequences), scoped to one jurisdiction,
 * and suppressing small cells in public and exported data.
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import * as councilHome from "#app/routes/council._index.tsx";
import * as councilEmployer from "#app/routes/council.employers.$employerId.tsx";
import * as councilEmployers from "#app/routes/council.employers._index.tsx";
import * as councilExport from "#app/routes/council.export.$table[.csv].ts";
import * as transparencyJson from "#app/routes/transparency[.json].ts";
import * as transparencyCsv from "#app/routes/transparency[.csv].ts";
import { call, signInAs, startTestApp } from "#tests/support/harness.ts";

const DAY = 86_400_000;
let dbPath: string;

beforeAll(async () => {
  await startTestApp();
  dbPath = process.env.DATABASE_PATH!;
});

/** A small deterministic generator, so a failing sequence can be replayed from its seed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function randomWrites(seed: number, steps: number) {
  const rnd = prng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const { now, advanceClock } = await import("#app/utils/clock.server.ts");
  const { getDb, writeTransaction } = await import("#app/utils/db.server.ts");
  const { createEmployer } = await import("#app/models/employer.server.ts");
  const { createUser } = await import("#app/models/user.server.ts");
const { createWorkerFromJoin } = await import("#app/models/employment.server.ts");
  const { addWorker, terminateWorker, updateWorker } = await import("#app/models/roster.server.ts");
  const { getOrStartAttempt, submitAttempt } = await import("#app/models/quiz.server.ts");
  const { revokeCertificate } = await import("#app/models/certificate.server.ts");
  const { getCourseForRole } = await import("#app/server/content.server.ts");
  const { dailyAggregates } = await import("#app/models/aggregates.server.ts");
  const raw = getDb().$client;
  const employer = createEmployer({ name: `Random Inn ${seed}`, sector: "lodging", jurisdiction: pick(["US-TX", "US-CA", "US-WI", "US-MN"]), county: "Test" }, now());
  const admin = await createUser({ username: `rand-admin-${seed}`, name: "Rand Admin", password: "frontline-demo", kind: "employer_admin", employerId: employer.id }, now());
  const adminRef = { id: admin.id, kind: admin.kind, employerId: employer.id };
  const roles = ["front-desk", "housekeeping", "maintenance", "food-beverage", "security"];
  let n = 0;
  const day = (offset: number) => new Date(now().getTime() + offset * DAY).toISOString().slice(0, 10);
  for (let step = 0; step < steps; step++) {
    const rows = raw.prepare("SELECT * FROM employments WHERE employer_id = ?").all(employer.id) as { id: string; user_id: string | null; employee_id: string | null; ended_at: number | null; job_role: string; hire_date: string; full_name: string; site_id: string | null; claim_code: string | null }[];
    const current = rows.filter((r) => r.ended_at === null);
    const op = rnd();
    if (op < 0.3 || current.length < 3) {
      n++;
      addWorker({ admin: adminRef, fields: { fullName: `Worker ${seed}-${n}`, employeeId: `R${seed}-${n}`, jobRole: pick(roles), siteId: null, hireDate: day(-Math.floor(rnd() * 500)), email: null, phone: null } }, now());
    } else if (op < 0.45) {
      const row = pick(current.filter((r) => r.user_id === null && r.employee_id));
      if (row) await createWorkerFromJoin({ name: row.full_name, username: `u${seed}-${step}`, password: "frontline-demo-pass", employeeId: row.employee_id!, claimCode: row.claim_code! }, { employer, siteId: null }, now());
    } else if (op < 0.65) {
      const row = pick(current.filter((r) => r.user_id !== null));
      if (row) {
        const course = getCourseForRole(row.job_role)!;
        const employment = raw.prepare("SELECT * FROM employments WHERE id = ?").get(row.id) as never;
        const attempt = getOrStartAttempt(row.user_id!, { ...(employment as object), userId: row.user_id, employerId: employer.id, jobRole: row.job_role, id: row.id } as never, course, now());
        const byId = new Map(course.questions.map((q) => [q.id, q]));
        const answers = Object.fromEntries(attempt.questions.map((aq) => [aq.questionId, byId.get(aq.questionId)!.choices.filter((c) => c.correct).map((c) => c.id)]));
        submitAttempt({ userId: row.user_id!, course, attemptId: attempt.id, answers }, now());
      }
    } else if (op < 0.72) {
      const cert = raw.prepare("SELECT c.id FROM certificates c WHERE c.employer_id = ? AND c.revoked_at IS NULL ORDER BY random() LIMIT 1").get(employer.id) as { id: string } | undefined;
      if (cert) revokeCertificate({ certificateId: cert.id, reason: "Random test revocation", actor: adminRef }, now());
    } else if (op < 0.8) {
      const row = pick(current);
      terminateWorker({ admin: adminRef, employmentId: row.id, terminationDate: day(0) > row.hire_date ? day(0) : row.hire_date }, now());
    } else if (op < 0.9) {
      const row = pick(current);
      updateWorker({ admin: adminRef, employmentId: row.id, fields: { fullName: row.full_name, employeeId: row.employee_id, jobRole: pick(roles), siteId: row.site_id, hireDate: day(-Math.floor(rnd() * 500)), email: null, phone: null } }, now());
    } else {
      advanceClock(Math.floor(rnd() * 40) * DAY);
      dailyAggregates(now());
    }
  }
  void writeTransaction;
  return employer;
}

describe("maintained counters", () => {
  it("agree with a recomputation from scratch after random write sequences (several seeds)", async () => {
    const { checkAggregates } = await import("#app/models/aggregates.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    for (const seed of [1, 2, 3, 4]) {
      await randomWrites(seed, 60);
      const report = checkAggregates(now());
      expect(report.differences, `seed ${seed}`).toEqual([]);
      expect(report.rows).toBeGreaterThan(0);
    }
  }, 120_000);

  it("move with time alone only through the daily job, which brings them back in step", async () => {
    const { checkAggregates, dailyAggregates } = await import("#app/models/aggregates.server.ts");
    const { now, advanceClock } = await import("#app/utils/clock.server.ts");
    advanceClock(120 * DAY);
    const stale = checkAggregates(now());
    expect(stale.differences.length).toBeGreaterThan(0);
    dailyAggregates(now());
    expect(checkAggregates(now()).differences).toEqual([]);
  });

  it("npm run aggregates:check reports agreement, and names a counter someone changed", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const { checkAggregates } = await import("#app/models/aggregates.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    // This process's clock was moved forward; the CLI checks as of the same moment.
    const cli = () => spawnSync(process.execPath, ["--import", "tsx", "app/cli/aggregates-check.ts", "--at", now().toISOString()], { encoding: "utf8", env: { ...process.env, DATABASE_PATH: dbPath } });
    const ok = cli();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/agree with a recomputation from scratch \(\d+ employers, \d+ roster rows/);
    const raw = getDb().$client;
    const victim = raw.prepare("SELECT employer_id FROM employer_stats WHERE workers > 0 LIMIT 1").get() as { employer_id: string };
    raw.prepare("UPDATE employer_stats SET overdue = overdue + 3 WHERE employer_id = ?").run(victim.employer_id);
    const report = checkAggregates(now());
    expect(report.differences).toContain(`employer ${victim.employer_id}: overdue is ${(raw.prepare("SELECT overdue FROM employer_stats WHERE employer_id = ?").get(victim.employer_id) as { overdue: number }).overdue}, recomputed ${(raw.prepare("SELECT overdue FROM employer_stats WHERE employer_id = ?").get(victim.employer_id) as { overdue: number }).overdue - 3}`);
    const bad = cli();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`employer ${victim.employer_id}: overdue`);
    raw.prepare("UPDATE employer_stats SET overdue = overdue - 3 WHERE employer_id = ?").run(victim.employer_id);
  }, 60_000);
});

describe("the council's pages", () => {
  it("show the auditor's own jurisdiction only, with totals that match the counters", async () => {
    const cookie = await signInAs("demo-council");
    const res = await call(councilHome.loader, "/council", { cookie });
    expect(res.status).toBe(200);
    const d = res.data as { jurisdiction: string; total: { covered: number; compliant: number; employers: number }; bySector: { label: string }[]; trend: { month: string }[] };
    expect(d.jurisdiction).toBe("US-TX");
    const { getDb } = await import("#app/utils/db.server.ts");
    const sums = getDb()
      .$client.prepare(
        "SELECT count(*) AS employers, sum(s.due + s.overdue + s.compliant + s.expiring + s.expired) AS covered, sum(s.compliant + s.expiring) AS compliant FROM employers e LEFT JOIN employer_stats s ON s.employer_id = e.id WHERE e.jurisdiction = 'US-TX'",
      )
      .get() as { employers: number; covered: number; compliant: number };
    expect(d.total).toMatchObject(sums);
    expect(d.trend).toHaveLength(24);
    const text = JSON.stringify(res.data);
    for (const name of ["José", "Maria Lopez", "demo-worker"]) expect(text).not.toContain(name);
  });

  it("refuses another state's employer (404) and shows its own", async () => {
    const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
    const lakeside = getEmployerByJoinCode("LAKESIDE-INN")!; // US-TX
    const metro = getEmployerByJoinCode("METRO-TRANSIT")!; // US-CA
    const cookie = await signInAs("demo-council");
    expect((await call(councilEmployer.loader, "/council/employers/x", { cookie, params: { employerId: lakeside.id } })).status).toBe(200);
    expect((await call(councilEmployer.loader, "/council/employers/x", { cookie, params: { employerId: metro.id } })).status).toBe(404);
  });
});

describe("suppression", () => {
  it("withholds groups of fewer than 5 covered workers in the public JSON and CSV", async () => {
    const { createEmployer } = await import("#app/models/employer.server.ts");
    const { addEmployment } = await import("#app/models/employment.server.ts");
    const { changeStatuses } = await import("#app/models/status.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    // A lone small employer in New Jersey: 3 covered workers.
    const tiny = createEmployer({ name: "Tiny Motel", sector: "lodging", jurisdiction: "US-NJ", county: "Cape May" }, now());
    for (let i = 0; i < 3; i++) changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: tiny.id, fullName: `T${i}`, jobRole: "housekeeping" }, now(), tx));
    const json = (await call(transparencyJson.loader, "/transparency.json")).data as { suppressBelowWorkers: number; rows: { jurisdiction: string; kind: string; label: string; covered: number | null; suppressed: boolean }[] };
    expect(json.suppressBelowWorkers).toBe(5);
    const nj = json.rows.filter((r) => r.jurisdiction === "US-NJ");
    expect(nj.length).toBeGreaterThan(0);
    for (const r of nj) expect(r).toMatchObject({ suppressed: true, covered: null });
    const csv = (await call(transparencyCsv.loader, "/transparency.csv")).data as string;
    expect(csv).toMatch(/US-NJ,county,Cape May,,,,suppressed/);
    // Two more workers: 5 covered, but still one employer's own figures: withheld (the employer rule, tests/integration/transparency.test.ts).
    for (let i = 3; i < 5; i++) changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: tiny.id, fullName: `T${i}`, jobRole: "housekeeping" }, now(), tx));
    const after = (await call(transparencyJson.loader, "/transparency.json")).data as typeof json;
    expect(after.rows.find((r) => r.jurisdiction === "US-NJ" && r.kind === "county")).toMatchObject({ suppressed: true, covered: null });
    // Two more employers with a worker each in the county: 7 workers of 3 employers, shown.
    for (const name of ["Cape Inn", "May Lodge"]) {
      const other = createEmployer({ name, sector: "lodging", jurisdiction: "US-NJ", county: "Cape May" }, now());
      changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: other.id, fullName: `${name} 1`, jobRole: "housekeeping" }, now(), tx));
    }
    const shown = (await call(transparencyJson.loader, "/transparency.json")).data as typeof json;
    expect(shown.rows.find((r) => r.jurisdiction === "US-NJ" && r.kind === "county")).toMatchObject({ suppressed: false, covered: 7 });
  });

  it("withholds small cells in council exports, and audits each export", async () => {
    const cookie = await signInAs("demo-council");
    const res = await call(councilExport.loader, "/council/export/employers.csv", { cookie, params: { table: "employers" } });
    expect(res.status).toBe(200);
    const lines = (res.data as string).trim().split("\r\n");
    expect(lines[0]).toBe("employer,sector,county,size_band,covered_workers,compliant_workers,overdue_workers,rate_percent,no_training_activity,note");
    const lakeside = lines.find((l) => l.startsWith("Lakeside Inn"))!;
    expect(lakeside).toMatch(/,,,,(yes|no),suppressed/);
    const { listAudit } = await import("#app/models/audit.server.ts");
    expect(listAudit({ limit: 1 })[0]).toMatchObject({ action: "export", targetId: "council-employers" });
    expect((await call(councilExport.loader, "/council/export/secrets.csv", { cookie, params: { table: "secrets" } })).status).toBe(404);
  });

  it("withholds a small employer's counts on the council's pages exactly as its CSV does, and shows a large one's in both", async () => {
    const { createEmployer } = await import("#app/models/employer.server.ts");
    const { addEmployment } = await import("#app/models/employment.server.ts");
    const { changeStatuses } = await import("#app/models/status.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const hire = (employerId: string, n: number) => {
      for (let i = 0; i < n; i++) changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId, fullName: `W${i}`, jobRole: "housekeeping" }, now(), tx));
    };
    // In Texas (the demo council's state), each alone in its county.
    const small = createEmployer({ name: "Small Cell Motel", sector: "lodging", jurisdiction: "US-TX", county: "Loving" }, now());
    hire(small.id, 3);
    const large = createEmployer({ name: "Large Cell Hotel", sector: "lodging", jurisdiction: "US-TX", county: "Kenedy" }, now());
    hire(large.id, 7);
    const cookie = await signInAs("demo-council");

    // The CSV.
    const csv = async (table: string) => ((await call(councilExport.loader, `/council/export/${table}.csv`, { cookie, params: { table } })).data as string).trim().split("\r\n");
    const employersCsv = await csv("employers");
    expect(employersCsv.find((l) => l.startsWith("Small Cell Motel,"))).toBe("Small Cell Motel,lodging,Loving,1-9,,,,,yes,suppressed (fewer than 5 workers or 3 employers)");
    expect(employersCsv.find((l) => l.startsWith("Large Cell Hotel,"))).toBe("Large Cell Hotel,lodging,Kenedy,1-9,7,0,0,0,yes,");
    const countiesCsv = await csv("counties");
    expect(countiesCsv).toContain("Loving,1,,,,suppressed (fewer than 5 workers or 3 employers)");
    // The large employer is alone in its county: the county would be its own rate, so it is withheld too (its own row is not).
    expect(countiesCsv).toContain("Kenedy,1,,,,suppressed (fewer than 5 workers or 3 employers)");

    // The employer's page.
    type Shown = { covered: number | null; compliant: number | null; rate: number | null; suppressed: boolean };
    const page = async (id: string) => {
      const res = await call(councilEmployer.loader, `/council/employers/${id}`, { cookie, params: { employerId: id } });
      expect(res.status).toBe(200);
      return res.data as Shown & { workers: number | null; due: number | null; overdue: number | null; expired: number | null; trained: number | null; trend: (Shown & { month: string })[] };
    };
    const smallPage = await page(small.id);
    expect(smallPage).toMatchObject({ suppressed: true, workers: null, covered: null, compliant: null, due: null, overdue: null, expired: null, trained: null, rate: null });
    expect(smallPage.trend.at(-1)).toMatchObject({ suppressed: true, covered: null, compliant: null, rate: null });
    expect(JSON.stringify(smallPage)).not.toMatch(/"(covered|compliant|workers|due|overdue)":[1-4]\b/);
    expect(await page(large.id)).toMatchObject({ suppressed: false, workers: 7, covered: 7, compliant: 0, due: 7, rate: 0 });

    // The ranked list, found by name.
    const listed = async (q: string) => ((await call(councilEmployers.loader, `/council/employers?q=${encodeURIComponent(q)}`, { cookie })).data as { rows: (Shown & { name: string; overdue: number | null })[] }).rows;
    expect(await listed("Small Cell")).toEqual([expect.objectContaining({ name: "Small Cell Motel", suppressed: true, covered: null, compliant: null, overdue: null, rate: null })]);
    expect(await listed("Large Cell")).toEqual([expect.objectContaining({ name: "Large Cell Hotel", suppressed: false, covered: 7, compliant: 0, overdue: 0, rate: 0 })]);

    // The dashboard: the counties as in the CSV, and no count of 1 to 4 workers anywhere.
    const home = (await call(councilHome.loader, "/council", { cookie })).data as {
      byCounty: (Shown & { key: string | null })[];
      bySector: Shown[];
      bySize: Shown[];
      trend: Shown[];
      lowest: Shown[];
      inactive: (Shown & { name: string })[];
    };
    expect(home.byCounty.find((g) => g.key === "Loving")).toMatchObject({ suppressed: true, covered: null, compliant: null, rate: null });
    expect(home.byCounty.find((g) => g.key === "Kenedy")).toMatchObject({ suppressed: true, covered: null, compliant: null, rate: null });
    for (const cell of [...home.byCounty, ...home.bySector, ...home.bySize, ...home.trend, ...home.lowest, ...home.inactive]) {
      expect(cell.covered === null || cell.covered === 0 || cell.covered >= 5, JSON.stringify(cell)).toBe(true);
      // A trend's month with no month-end record is empty without being withheld ("no data").
      const unrecorded = home.trend.includes(cell) && !cell.suppressed && cell.covered === null;
      if (unrecorded) expect(cell, "an unrecorded month").toMatchObject({ compliant: null, rate: null });
      else expect(cell.suppressed, JSON.stringify(cell)).toBe(cell.covered === null);
    }
    // Withheld employers are listed after those whose rate is shown (their order would tell their rate).
    const order = home.inactive.map((r) => r.suppressed);
    expect(order).toEqual([...order].sort((a, b) => Number(a) - Number(b)));

    // The public table agrees for the same county.
    const pub = (await call(transparencyJson.loader, "/transparency.json")).data as { rows: { jurisdiction: string; kind: string; label: string | null; covered: number | null; suppressed: boolean }[] };
    expect(pub.rows.find((r) => r.jurisdiction === "US-TX" && r.kind === "county" && r.label === "Loving")).toMatchObject({ suppressed: true, covered: null });
    expect(pub.rows.find((r) => r.jurisdiction === "US-TX" && r.kind === "county" && r.label === "Kenedy")).toMatchObject({ suppressed: true, covered: null });
  });
});
