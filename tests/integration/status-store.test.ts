/**
 * The stored status is the one source of a roster row's status (ADR 009): a write that changes
 * a status input outside `changeStatuses` cannot commit, the wrapper stores what a computation
 * from scratch gives, and the roster filters, searches, sorts and pages those stored rows in SQL.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { employments, employmentStatus } from "#db/schema.ts";
import * as roster from "#app/routes/employer.roster.tsx";
import type { Db } from "#app/utils/db.server.ts";
import { call, signInAs, startTestApp } from "#tests/support/harness.ts";

let admin: string;
let employerId: string;
let adminUser: { id: string; kind: "employer_admin"; employerId: string; name: string };

beforeAll(async () => {
  await startTestApp();
  admin = await signInAs("demo-employer");
  const { getDb } = await import("#app/utils/db.server.ts");
  const raw = getDb().$client;
  const u = raw.prepare("SELECT id, employer_id AS employerId, name FROM users WHERE username = 'demo-employer'").get() as { id: string; employerId: string; name: string };
  employerId = u.employerId;
  adminUser = { ...u, kind: "employer_admin" };
});

async function mods() {
  const { getDb, writeTransaction } = await import("#app/utils/db.server.ts");
  const { changeStatuses } = await import("#app/models/status.server.ts");
  const { checkAggregates } = await import("#app/models/aggregates.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  const { addWorker } = await import("#app/models/roster.server.ts");
  return { getDb, writeTransaction, changeStatuses, checkAggregates, now, addWorker };
}

type Row = { id: string; name: string; status: { kind: string } };
async function page(query: string) {
  const res = await call(roster.loader, `/employer/roster${query}`, { cookie: admin });
  expect(res.status).toBe(200);
  return res.data as { total: number; pages: number; query: { page: number }; rows: Row[] };
}

function storedKind(id: string, getDb: () => Db) {
  return getDb().select({ kind: employmentStatus.kind }).from(employmentStatus).where(eq(employmentStatus.employmentId, id)).get()?.kind;
}

describe("one wrapper for every write that changes a status", () => {
  it("refuses a write that changes a status input outside changeStatuses, and rolls it back", async () => {
    const { getDb, writeTransaction } = await mods();
    const row = getDb().select().from(employments).where(eq(employments.employerId, employerId)).limit(1).get()!;
    expect(() => writeTransaction((tx) => tx.update(employments).set({ hireDate: "2001-01-01" }).where(eq(employments.id, row.id)).run())).toThrow(
      /outside changeStatuses\(\).*rolled back/,
    );
    expect(getDb().select().from(employments).where(eq(employments.id, row.id)).get()!.hireDate).toBe(row.hireDate);
    expect(getDb().$client.prepare("SELECT count(*) AS n FROM status_dirty").get()).toEqual({ n: 0 });
  });

  it("stores, inside the same transaction, the status a computation from scratch gives", async () => {
    const { getDb, changeStatuses, checkAggregates, now, addWorker } = await mods();
    const added = addWorker({ admin: adminUser, fields: { fullName: "Wren Wrapper", employeeId: "SS-1", jobRole: "housekeeping", siteId: null, hireDate: "2001-01-01", email: null, phone: null } }, now());
    expect(added.ok).toBe(true);
    const id = (added as { employment: { id: string } }).employment.id;
    expect(storedKind(id, getDb)).toBe("overdue");
    // Hired today instead: due, not overdue, as soon as the write commits.
    const today = now().toISOString().slice(0, 10);
    changeStatuses(now(), (tx) => tx.update(employments).set({ hireDate: today }).where(eq(employments.id, id)).run());
    expect(storedKind(id, getDb)).toBe("due");
    expect(checkAggregates(now()).differences).toEqual([]);
  });

  it("settles a hand-run SQL statement (outside any transaction) at the next changeStatuses", async () => {
    const { getDb, writeTransaction, changeStatuses, checkAggregates, now } = await mods();
    const raw = getDb().$client;
    const id = (raw.prepare("SELECT e.id FROM employments e WHERE e.employer_id = ? AND e.full_name = 'Wren Wrapper'").get(employerId) as { id: string }).id;
    raw.prepare("UPDATE employments SET hire_date = '2001-01-01' WHERE id = ?").run(id);
    expect(raw.prepare("SELECT employment_id FROM status_dirty").all()).toEqual([{ employment_id: id }]);
    expect(checkAggregates(now()).differences.length).toBeGreaterThan(0);
    // An unrelated write is not blamed for it…
    expect(writeTransaction(() => 1)).toBe(1);
    // …and the next status write recomputes it.
    changeStatuses(now(), () => undefined);
    expect(storedKind(id, getDb)).toBe("overdue");
    expect(raw.prepare("SELECT count(*) AS n FROM status_dirty").get()).toEqual({ n: 0 });
    expect(checkAggregates(now()).differences).toEqual([]);
  });
});

describe("the roster in SQL", () => {
  beforeAll(async () => {
    const { now, addWorker } = await mods();
    const names = ["Zoë Ávila", "adam Zapata", "Émile Ngata", "Bea Núñez", "Ñandu Ortiz"];
    for (let i = 0; i < 60; i++) {
      const r = addWorker({ admin: adminUser, fields: { fullName: `${names[i % names.length]} ${String(i).padStart(2, "0")}`, employeeId: `SQL-${i}`, jobRole: i % 2 ? "housekeeping" : "front-desk", siteId: null, hireDate: `2026-0${1 + (i % 9)}-1${i % 10}`, email: null, phone: null } }, now());
      expect(r.ok).toBe(true);
    }
  });

  it("searches without regard to case or accents, in names and employee IDs", async () => {
    expect((await page("?q=zoe avila")).total).toBe(12);
    expect((await page("?q=ZOË%20ÁVILA")).total).toBe(12);
    const nunez = (await page("?q=nunez")).rows.map((r) => r.name);
    expect(nunez.filter((n) => n.startsWith("Bea Núñez"))).toHaveLength(12);
    expect(nunez).toContain("José Núñez"); // the demo's own
    expect(nunez.every((n) => n.includes("Núñez"))).toBe(true);
    expect((await page("?q=emile")).total).toBe(12);
    expect((await page("?q=sql-42")).rows.map((r) => r.name)).toEqual(["Émile Ngata 42"]);
    expect((await page("?q=nobody-by-this-name")).total).toBe(0);
  });

  it("sorts by name without regard to case, and pages through every row exactly once", async () => {
    const first = await page("?q=sql-&sort=name");
    const second = await page("?q=sql-&sort=name&page=2");
    expect(first.total).toBe(60);
    expect(first.pages).toBe(2);
    expect(first.rows).toHaveLength(50);
    expect(second.rows).toHaveLength(10);
    const all = [...first.rows, ...second.rows].map((r) => r.name);
    expect(new Set(all).size).toBe(60);
    expect(all[0]).toMatch(/^adam Zapata/); // lower-case "adam" before "Bea"
    const collator = new Intl.Collator("en", { sensitivity: "base" });
    const plain = all.filter((n) => /^[A-Za-z]/.test(n));
    expect(plain).toEqual([...plain].sort((a, b) => collator.compare(a, b)));
    // A page past the end shows the last page.
    expect((await page("?q=sql-&sort=name&page=9")).query.page).toBe(2);
  });

  it("sorts by urgency: every overdue row before every due row, then by deadline", async () => {
    const { rows } = await page("?sort=status");
    const order = ["overdue", "expired", "due", "expiring", "compliant", "not-covered"];
    const ranks = rows.map((r) => order.indexOf(r.status.kind));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(rows[0]!.status.kind).toBe("overdue");
  });

  it("filters by status and role on the stored rows, and the counts agree with the dashboard's", async () => {
    const overdue = await page("?status=overdue&q=sql-");
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.rows.every((r) => r.status.kind === "overdue")).toBe(true);
    const hk = await page("?role=housekeeping&q=sql-");
    expect(hk.total).toBe(30);
    const dashboard = await import("#app/routes/employer._index.tsx");
    const dash = (await call(dashboard.loader, "/employer", { cookie: admin })).data as { summary: { counts: Record<string, number> } };
    for (const kind of ["overdue", "due", "compliant"]) {
      expect((await page(`?status=${kind}`)).total, kind).toBe(dash.summary.counts[kind]);
    }
  });
});

describe("time", () => {
  it("a page read after a due date passed shows the new status, even before the daily job has run", async () => {
    const { now, addWorker } = await mods();
    const { advanceClock } = await import("#app/utils/clock.server.ts");
    const today = now().toISOString().slice(0, 10);
    const r = addWorker({ admin: adminUser, fields: { fullName: "Tess Timely", employeeId: "TIME-1", jobRole: "housekeeping", siteId: null, hireDate: today, email: null, phone: null } }, now());
    expect(r.ok).toBe(true);
    expect((await page("?q=TIME-1")).rows[0]!.status.kind).toBe("due");
    advanceClock(200 * 86_400_000); // past Texas's 90 days; no daily job runs in this test
    admin = await signInAs("demo-employer"); // the old session has lapsed
    expect((await page("?q=TIME-1")).rows[0]!.status.kind).toBe("overdue");
  });
});
