/**
 * The council's figures over time (ADR 015): the current month of every trend is the
 * headline, whatever the employer wrote since the last daily job (hires with past hire
 * dates, an import, a leave date in the past); past months are the records kept at each
 * month's end and are not rewritten by later back-dated entries; the month that just
 * ended is closed with everything written in it.
 */
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import * as councilHome from "#app/routes/council._index.tsx";
import * as councilEmployer from "#app/routes/council.employers.$employerId.tsx";
import * as importRoute from "#app/routes/employer.import.tsx";
import * as workerPage from "#app/routes/employer.workers.$employmentId.tsx";
import * as transparencyJson from "#app/routes/transparency[.json].ts";
import { call, post, signInAs, startTestApp } from "#tests/support/harness.ts";

const DAY = 86_400_000;
let admin: string;
let council: string;
let lakesideId: string;

type Point = { month: string; covered: number | null; compliant: number | null; rate: number | null };
type Overview = { total: { covered: number; compliant: number; rate: number | null; coveredEmployers: number }; trend: Point[] };
type EmployerPage = { covered: number; compliant: number; rate: number | null; trend: Point[] };

beforeAll(async () => {
  await startTestApp();
  admin = await signInAs("demo-employer");
  council = await signInAs("demo-council");
  const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
  lakesideId = getEmployerByJoinCode("LAKESIDE-INN")!.id;
});

async function today() {
  const { now } = await import("#app/utils/clock.server.ts");
  return now().toISOString().slice(0, 10);
}
const daysBefore = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);

/**
 * The dashboard's figures, exact: the page shows them through the small-cell rule (Lakeside and
 * Texas start under 5 covered workers, so withheld; council.test.ts tests that), and a test of
 * figures over time needs the numbers. The page is asked too, and must show what the rule makes of them.
 */
async function overview() {
  const { councilOverview, shownOverview } = await import("#app/models/council.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  const exact = councilOverview("US-TX", now());
  const res = await call(councilHome.loader, "/council", { cookie: council });
  expect(res.status).toBe(200);
  const shown = shownOverview(exact);
  expect((res.data as Overview & { total: unknown }).total).toEqual(shown.total);
  expect((res.data as Overview).trend).toEqual(shown.trend);
  return exact as Overview;
}

async function lakeside() {
  const { councilEmployer: exactPage, shownEmployerPage } = await import("#app/models/council.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  const exact = exactPage("US-TX", lakesideId, now())!;
  const res = await call(councilEmployer.loader, `/council/employers/${lakesideId}`, { cookie: council, params: { employerId: lakesideId } });
  expect(res.status).toBe(200);
  expect(res.data).toMatchObject(shownEmployerPage(exact));
  return exact as EmployerPage;
}

const figures = (x: { covered: number | null; compliant: number | null; rate: number | null }) => ({ covered: x.covered, compliant: x.compliant, rate: x.rate });

/** The dashboard, the drill-down and the public page agree with one another for this month. */
async function expectCurrentMonthIsHeadline() {
  const month = (await today()).slice(0, 7);
  const o = await overview();
  expect(o.trend.at(-1)!.month).toBe(month);
  expect(figures(o.trend.at(-1)!), "the dashboard's trend, this month").toEqual(figures(o.total));
  const e = await lakeside();
  expect(e.trend.at(-1)!.month).toBe(month);
  expect(figures(e.trend.at(-1)!), "the employer's trend, this month").toEqual(figures(e));
  const json = (await call(transparencyJson.loader, "/transparency.json")).data as { rows: { jurisdiction: string; kind: string; covered: number | null; compliant: number | null }[] };
  const tx = json.rows.filter((r) => r.jurisdiction === "US-TX" && r.kind === "sector");
  const { isSuppressed } = await import("#app/domain/aggregates.ts");
  if (isSuppressed({ covered: o.total.covered, employers: o.total.coveredEmployers })) {
    expect(tx.every((r) => r.covered === null), "Texas is too small to be shown (too few workers or employers)").toBe(true);
    return o;
  }
  expect(tx.reduce((n, r) => n + r.covered!, 0), "the public page's Texas covered workers").toBe(o.total.covered);
  expect(tx.reduce((n, r) => n + r.compliant!, 0), "the public page's Texas compliant workers").toBe(o.total.compliant);
  return o;
}

function csvFile(text: string) {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([text], "hires.csv", { type: "text/csv" }));
  return form;
}

async function importCsv(text: string) {
  const preview = await post(importRoute.action, "/employer/import", { cookie: admin, formData: csvFile(text) });
  expect(preview.status, JSON.stringify(preview.data)).toBe(200);
  const p = preview.data as { pendingId: string; sha256: string };
  const done = await post(importRoute.action, "/employer/import", { cookie: admin, form: { intent: "import", pendingId: p.pendingId, sha256: p.sha256 } });
  expect(done.status).toBe(200);
}

describe("a past month with no month-end record", () => {
  it("is no data, not a month of 0 workers: on the dashboard, the employer's page and in the CSV", async () => {
    const { councilOverview, councilEmployer: exactPage, shownOverview, trendOf } = await import("#app/models/council.server.ts");
    const { councilCsv } = await import("#app/models/council-exports.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const o = await overview();
    const e = await lakeside();
    // The demo's records start with the month that just ended: the months before it are unknown.
    for (const trend of [o.trend, e.trend]) {
      expect(trend).toHaveLength(24);
      const unknown = trend.slice(0, -2);
      for (const p of unknown) expect(p).toEqual({ month: p.month, covered: null, compliant: null, rate: null });
      expect(trend.at(-2)!.covered).toBeGreaterThan(0);
      expect(trend.at(-1)!.covered).toBeGreaterThan(0);
    }
    // Shown: "no data", not withheld (nothing to withhold), on both pages.
    const shown = shownOverview(councilOverview("US-TX", now()));
    for (const p of shown.trend.slice(0, -2)) expect(p).toMatchObject({ covered: null, compliant: null, rate: null, suppressed: false });
    expect(exactPage("US-TX", lakesideId, now())!.trend[0]!.covered).toBeNull();
    // The CSV says why its cells are empty.
    const lines = councilCsv("trend", "US-TX", now()).text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(25);
    expect(lines[1]).toBe(`${o.trend[0]!.month},,,,no data (no month-end record)`);
    // A month recorded with no covered workers stays 0: a figure, not a gap.
    const recorded = trendOf(new Map([["2026-01", { covered: 0, compliant: 0 }]]), { covered: 3, compliant: 1 }, new Date("2026-03-15T12:00:00Z"), 3);
    expect(recorded).toEqual([
      { month: "2026-01", covered: 0, compliant: 0, rate: null },
      { month: "2026-02", covered: null, compliant: null, rate: null },
      { month: "2026-03", covered: 3, compliant: 1, rate: expect.any(Number) },
    ]);
  });
});

describe("the current month is the headline", () => {
  it("after an import of hires with past hire dates and a leave date in the past, before any daily job", async () => {
    const before = await expectCurrentMonthIsHeadline();
    const t = await today();
    // Five hires, each well past Texas's 90 days: covered, overdue, not trained.
    await importCsv(
      [
        "Name,Employee ID,Role,Site,Hire Date",
        ...[400, 300, 200, 150, 120].map((ago, i) => `Back Dated ${i},LI-9${i}00,housekeeping,Main building,${daysBefore(t, ago)}`),
      ].join("\n"),
    );
    const afterImport = await expectCurrentMonthIsHeadline();
    expect(afterImport.total.covered).toBe(before.total.covered + 5);
    // One of them left three weeks ago.
    const { getDb } = await import("#app/utils/db.server.ts");
    const leaver = getDb().$client.prepare("SELECT id FROM employments WHERE employee_id = 'LI-9000'").get() as { id: string };
    const left = await post(workerPage.action, `/employer/workers/${leaver.id}`, { cookie: admin, params: { employmentId: leaver.id }, form: { intent: "terminate", terminationDate: daysBefore(t, 21) } });
    expect(left.status).toBe(200);
    const afterLeave = await expectCurrentMonthIsHeadline();
    expect(afterLeave.total.covered).toBe(before.total.covered + 4);
    // Past months are the records kept at their end: the back-dated entries do not rewrite them.
    expect(afterLeave.trend.slice(0, -1)).toEqual(before.trend.slice(0, -1));
  });

  it("the month that ends is recorded with everything written in it, and the new month starts from the headline", async () => {
    const { advanceClock, now } = await import("#app/utils/clock.server.ts");
    const { dailyAggregates } = await import("#app/models/aggregates.server.ts");
    const t = await today();
    await importCsv(["Name,Employee ID,Role,Site,Hire Date", `Late Hire,LI-9900,front-desk,Main building,${daysBefore(t, 95)}`].join("\n"));
    const closing = await expectCurrentMonthIsHeadline();
    const month = t.slice(0, 7);
    // To ten past midnight on the first of next month, then the daily job.
    const n = now();
    const next = Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1, 0, 10);
    advanceClock(next - n.getTime());
    dailyAggregates(now());
    council = await signInAs("demo-council"); // the session timed out meanwhile
    const opened = await expectCurrentMonthIsHeadline();
    const ended = opened.trend.find((p) => p.month === month)!;
    expect(figures(ended), `${month} as recorded at its end`).toEqual(figures(closing.total));
    const e = (await lakeside()).trend.find((p) => p.month === month)!;
    expect(e.covered).toBeGreaterThan(0);
  });
});

describe("npm run aggregates:check", () => {
  it("agrees after these writes and names every shown figure that disagrees with a recomputation", async () => {
    const { checkAggregates } = await import("#app/models/aggregates.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const { getDb } = await import("#app/utils/db.server.ts");
    expect(checkAggregates(now()).differences).toEqual([]);
    const raw = getDb().$client;
    const month = (await today()).slice(0, 7);
    // Today's kind of disagreement: this month's record is behind the counters.
    const row = raw.prepare("SELECT covered FROM employer_monthly WHERE employer_id = ? AND month = ?").get(lakesideId, month) as { covered: number };
    raw.prepare("UPDATE employer_monthly SET covered = covered - 5 WHERE employer_id = ? AND month = ?").run(lakesideId, month);
    const stale = checkAggregates(now()).differences;
    expect(stale).toContain(`employer ${lakesideId} ${month} record: covered is ${row.covered - 5}, recomputed ${row.covered}`);
    raw.prepare("UPDATE employer_monthly SET covered = covered + 5 WHERE employer_id = ? AND month = ?").run(lakesideId, month);
    expect(checkAggregates(now()).differences).toEqual([]);
  });

  it("exits 1 listing a trend point, a headline and a public figure that disagree with a recomputation; 0 when all agree", async () => {
    const { checkAggregates } = await import("#app/models/aggregates.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const { getDb } = await import("#app/utils/db.server.ts");
    const raw = getDb().$client;
    const cli = () => spawnSync(process.execPath, ["--import", "tsx", "app/cli/aggregates-check.ts", "--at", now().toISOString()], { encoding: "utf8", env: process.env });
    const ok = cli();
    expect(ok.status, ok.stderr).toBe(0);
    const month = (await today()).slice(0, 7);
    const o = await overview();
    const last = o.trend.at(-2)!; // the month that ended
    expect(last.covered).toBeGreaterThan(0);

    // A past month's sums no longer those of its employers' records: the dashboard's trend shows it.
    raw.prepare("UPDATE jurisdiction_monthly SET covered = covered + 7 WHERE jurisdiction = 'US-TX' AND sector = 'lodging' AND month = ?").run(last.month);
    const past = checkAggregates(now()).differences;
    expect(past).toContain(`council US-TX: trend ${last.month} covered: shown ${last.covered! + 7}, recomputed ${last.covered!}`);
    expect(past.some((d) => d.startsWith(`jurisdiction US-TX lodging ${last.month} record: covered is ${last.covered! + 7}`))).toBe(true);
    const bad = cli();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`council US-TX: trend ${last.month} covered`);
    raw.prepare("UPDATE jurisdiction_monthly SET covered = covered - 7 WHERE jurisdiction = 'US-TX' AND sector = 'lodging' AND month = ?").run(last.month);

    // Two more Texas employers beside Lakeside, in its county and size band, so that its groups are shown (3 employers).
    const { createEmployer } = await import("#app/models/employer.server.ts");
    const { addEmployment } = await import("#app/models/employment.server.ts");
    const { changeStatuses } = await import("#app/models/status.server.ts");
    const { dailyAggregates } = await import("#app/models/aggregates.server.ts");
    for (const name of ["Travis Inn", "Travis Lodge"]) {
      const e = createEmployer({ name, sector: "lodging", jurisdiction: "US-TX", county: "Travis" }, now());
      changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: e.id, fullName: `${name} worker`, jobRole: "housekeeping" }, now(), tx));
    }
    dailyAggregates(now());
    expect(checkAggregates(now()).differences).toEqual([]);

    // A counter off by one: the headline, this month's point, the size band, the public table.
    raw.prepare("UPDATE employer_stats SET compliant = compliant + 1 WHERE employer_id = ?").run(lakesideId);
    const counters = checkAggregates(now()).differences;
    for (const figure of [`council US-TX: total compliant`, `council US-TX: trend ${month} compliant`, `council US-TX: bySize 1-9 compliant`, `council US-TX: bySector lodging rate`, `council US-TX employer ${lakesideId}: compliant`, `transparency: US-TX county Travis compliant`]) {
      expect(counters.some((d) => d.startsWith(`${figure}: shown `)), figure).toBe(true);
    }
    raw.prepare("UPDATE employer_stats SET compliant = compliant - 1 WHERE employer_id = ?").run(lakesideId);
    expect(checkAggregates(now()).differences).toEqual([]);
  }, 60_000);
});
