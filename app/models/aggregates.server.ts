/**
 * The maintained counters behind the council's pages (ADR 010): one `employment_status`
 * row per roster row and one `employer_stats` row per employer, kept in step in the same
 * transaction as every write that can change a status. Time alone also changes statuses (a
 * due date passes, a completion expires): `refreshDue` handles those rows daily. This
 * month's record (`employer_monthly`, `jurisdiction_monthly`) moves with the counters; past
 * months are records (ADR 015). `checkAggregates` recomputes everything from scratch and
 * compares it with the counters and with every figure the council and public pages show.
 */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { employerMonthly, employerStats, employers, employments, employmentStatus, jurisdictionMonthly, statusDirty } from "#db/schema.ts";
import { count, emptyStats, statusChangesOn, STAT_COLUMNS, covered as coveredOf, compliantCount, type Stats } from "#app/domain/aggregates.ts";
import { complianceStatus, statusColumns, type ComplianceStatus, type Completion, type StatusColumns } from "#app/domain/compliance.ts";
import { addDays, addMonths, endOfMonth, monthKey, startOfDayMs, toIsoDate, type IsoDate } from "#app/domain/dates.ts";
import { getDb, prepared, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { councilEmployer, councilOverview, employerPageOf, employerRecords, employerRow, employerRows, overviewOf, rankEmployers, sumByMonth, transparencyOf, transparencyRows } from "./council.server.ts";
import { completionsFor } from "./completions.server.ts";
import { courseFit, getRuleFor } from "#app/server/content.server.ts";
import { enqueueWebhookEvent } from "./webhooks.server.ts";

/** One roster row's stored status (employment_status): the one source of its current status (ADR 009). */
export interface StatusRow extends StatusColumns {
  employmentId: string;
  employerId: string;
  ruleId: string | null;
  ruleVersion: string | null;
  former: boolean;
  changesOn: string | null;
  trained: boolean;
}

/** A stored row, typed. */
export function stored(r: typeof employmentStatus.$inferSelect): StatusRow {
  return { ...r, kind: r.kind as StatusRow["kind"] };
}

type Job = { id: string; userId: string | null; employerId: string; jobRole: string; hireDate: string; endedAt: number | null; jurisdiction: string; sector: string; confirmedRuleId: string | null };

function jobsWhere(db: Db, where: ReturnType<typeof eq>): Job[] {
  return db
    .select({
      id: employments.id,
      userId: employments.userId,
      employerId: employments.employerId,
      jobRole: employments.jobRole,
      hireDate: employments.hireDate,
      endedAt: employments.endedAt,
      jurisdiction: employers.jurisdiction,
      sector: employers.sector,
      confirmedRuleId: employers.confirmedRuleId,
    })
    .from(employments)
    .innerJoin(employers, eq(employers.id, employments.employerId))
    .where(where)
    .all();
}

/**
 * Statuses of these roster rows as of `today` (a former worker's as of their last day), from the
 * rows, their completions and the current rules.
 */
export function computeStatusRows(db: Db, jobs: Job[], today: string, preloaded?: Map<string, Completion[]>): StatusRow[] {
  const completions = preloaded ?? completionsFor(jobs, db);
  return jobs.map((j) => {
    const rule = getRuleFor(j);
    const former = j.endedAt !== null;
    const base = { employmentId: j.id, employerId: j.employerId, ruleId: rule?.policy.id ?? null, ruleVersion: rule?.version ?? null, former };
    const status: ComplianceStatus = rule
      ? complianceStatus({
          rule: rule.policy,
          jobRole: j.jobRole,
          hireDate: j.hireDate,
          terminationDate: former ? toIsoDate(j.endedAt!) : null,
          employerId: j.employerId,
          completions: completions.get(j.id) ?? [],
          platformCounts: courseFit(rule.policy.id, j.jobRole).meets,
          today,
        })
      : { kind: "not-covered" };
    const trained = status.kind === "compliant" || status.kind === "expiring" || status.kind === "expired";
    // A former worker's status is as of their last day: time no longer changes it.
    return { ...base, ...statusColumns(status), changesOn: former ? null : statusChangesOn(status), trained };
  });
}

const COMPARED = ["kind", "former", "dueDate", "completedOn", "validUntil", "expiredOn", "certificateId", "deadline", "changesOn", "trained", "ruleId", "ruleVersion"] as const;

function same(a: StatusRow, b: StatusRow) {
  return COMPARED.every((k) => a[k] === b[k]);
}

function describe(r: StatusRow) {
  return `${r.former ? "former/" : ""}${r.kind}/${r.deadline ?? "-"}/${r.changesOn ?? "-"}/${r.trained ? "trained" : "untrained"}`;
}

/** Applies per-employer deltas to employer_stats with one upsert each. */
function applyDeltas(db: Db, deltas: Map<string, Stats>) {
  for (const [employerId, d] of deltas) {
    if (STAT_COLUMNS.every((c) => d[c] === 0)) continue;
    db.insert(employerStats)
      .values({ employerId, ...d })
      .onConflictDoUpdate({
        target: employerStats.employerId,
        set: Object.fromEntries(STAT_COLUMNS.map((c) => [c, sql`${employerStats[c]} + ${d[c]}`])),
      })
      .run();
  }
}

/** Recomputes these roster rows and moves the counters by the difference. Call inside the write's transaction. */
const STATUS_FIELDS = ["employerId", "ruleId", "ruleVersion", "kind", "former", "dueDate", "completedOn", "validUntil", "expiredOn", "certificateId", "deadline", "changesOn", "trained"] as const satisfies readonly (keyof StatusRow)[];

/**
 * Writes one stored status, as a statement prepared once per transaction: building the SQL
 * for each row cost more than everything else an 18,000-row import does (`npm run bench:import`).
 * Booleans are bound as 0 / 1.
 */
function upsertStatus(db: Db) {
  return prepared(db, "employment-status-upsert", (d) =>
    d
      .insert(employmentStatus)
      .values({ employmentId: sql.placeholder("employmentId"), ...Object.fromEntries(STATUS_FIELDS.map((f) => [f, sql.placeholder(f)])) } as never)
      .onConflictDoUpdate({
        target: employmentStatus.employmentId,
        set: Object.fromEntries(STATUS_FIELDS.map((f) => [f, sql.raw(`excluded.${employmentStatus[f].name}`)])),
      })
      .prepare(),
  );
}

export function refreshEmployments(db: Db, employmentIds: string[], now: Date) {
  if (employmentIds.length === 0) return 0;
  const today = toIsoDate(now);
  let changed = 0;
  const touched = new Set<string>();
  for (let i = 0; i < employmentIds.length; i += 500) {
    const ids = employmentIds.slice(i, i + 500);
    const fresh = computeStatusRows(db, jobsWhere(db, inArray(employments.id, ids)), today);
    const old = new Map(
      db
        .select()
        .from(employmentStatus)
        .where(inArray(employmentStatus.employmentId, ids))
        .all()
        .map((r) => [r.employmentId, stored(r)]),
    );
    const deltas = new Map<string, Stats>();
    const delta = (employerId: string) => deltas.get(employerId) ?? deltas.set(employerId, emptyStats()).get(employerId)!;
    for (const row of fresh) {
      const before = old.get(row.employmentId);
      if (before && same(row, before)) continue;
      changed++;
      if (before) count(delta(before.employerId), before, -1);
      count(delta(row.employerId), row, 1);
      upsertStatus(db).run({ ...row, former: row.former ? 1 : 0, trained: row.trained ? 1 : 0 });
      // A current worker's training became overdue or entered its last days: the employer's
      // webhooks hear of it in this same transaction (ADR 033).
      if (!row.former && row.kind !== before?.kind && (row.kind === "overdue" || row.kind === "expiring")) {
        const type = row.kind === "overdue" ? "training.overdue" : "training.expiring_soon";
        enqueueWebhookEvent(db, row.employerId, type, { status: row.kind, deadline: row.deadline, validUntil: row.validUntil, dueDate: row.dueDate }, now, row.employmentId);
      }
    }
    applyDeltas(db, deltas);
    for (const [employerId, d] of deltas) if (STAT_COLUMNS.some((c) => d[c] !== 0)) touched.add(employerId);
  }
  recordCurrentMonth(db, [...touched], now);
  return changed;
}

/**
 * Recomputes the roster rows the open transaction touched (listed in `status_dirty` by the
 * triggers of migration 0010) and clears the list. `changeStatuses` calls it before COMMIT.
 */
export function settleStatuses(tx: Db, now: Date): number {
  // Runs before every status write commits: prepared once per connection.
  const ids = prepared(getDb(), "status-dirty-ids", (d) => d.select({ id: statusDirty.employmentId }).from(statusDirty).prepare())
    .all()
    .map((r) => r.id);
  if (ids.length === 0) return 0;
  refreshEmployments(tx, ids, now);
  tx.delete(statusDirty).run();
  return ids.length;
}

/**
 * Before reading an employer's stored statuses: recompute the rows that time changed since
 * the daily job last ran (at most the minutes between midnight and its next check, or any
 * span in which the server was down), so a page never shows yesterday's status. Usually finds
 * nothing, through the (employer_id, changes_on) index.
 */
export function catchUpEmployer(employerId: string, now: Date, db: Db = getDb()) {
  const today = toIsoDate(now);
  const due = () =>
    db
      .select({ id: employmentStatus.employmentId })
      .from(employmentStatus)
      .where(and(eq(employmentStatus.employerId, employerId), lte(employmentStatus.changesOn, today)))
      .limit(2000)
      .all()
      .map((r) => r.id);
  // Bounded: a row recomputed today never changes again today, so a second round finds none.
  for (let round = 0; round < 10; round++) {
    const ids = due();
    if (ids.length === 0) return;
    writeTransaction((tx) => refreshEmployments(tx, ids, now));
  }
}

/**
 * Keeps this month's record (`employer_monthly`, and its sums in `jurisdiction_monthly`) in step
 * with these employers' counters, so the month ends recorded with everything written in it
 * (ADR 015). `refreshEmployments` calls it for the employers whose counters moved: a write that
 * goes through it needs nothing else. Past months are records and are never touched here.
 */
export function recordCurrentMonth(db: Db, employerIds: string[], now: Date) {
  if (employerIds.length === 0) return;
  const month = monthKey(toIsoDate(now));
  const stmt = monthStatements((db as Partial<Db>).$client ?? getDb().$client);
  for (const id of employerIds) {
    const row = stmt.read.get(month, id) as (Record<"jurisdiction" | "sector", string> & Record<"workers" | "due" | "overdue" | "compliant" | "expiring" | "expired", number> & { old: number | null } & Record<`old_${keyof MonthRecord}`, number>) | undefined;
    if (!row) continue;
    const fresh = monthRecord(row);
    const old = row.old === null ? undefined : { workers: row.old_workers, covered: row.old_covered, compliant: row.old_compliant, overdue: row.old_overdue };
    if (old && MONTH_COLUMNS.every((c) => old[c] === fresh[c])) continue;
    stmt.record.run(id, month, fresh.workers, fresh.covered, fresh.compliant, fresh.overdue);
    const d = (c: keyof MonthRecord) => fresh[c] - (old?.[c] ?? 0);
    stmt.sum.run(row.jurisdiction, row.sector, month, old ? 0 : 1, d("workers"), d("covered"), d("compliant"), d("overdue"));
  }
}

/** Prepared once per connection: this runs inside every status write. */
const monthStatementCache = new WeakMap<Db["$client"], ReturnType<typeof prepareMonthStatements>>();
function monthStatements(client: Db["$client"]) {
  return monthStatementCache.get(client) ?? monthStatementCache.set(client, prepareMonthStatements(client)).get(client)!;
}
function prepareMonthStatements(client: Db["$client"]) {
  return {
    read: client.prepare(
      `SELECT e.jurisdiction, e.sector, s.workers, s.due, s.overdue, s.compliant, s.expiring, s.expired,
              m.employer_id AS old, m.workers AS old_workers, m.covered AS old_covered, m.compliant AS old_compliant, m.overdue AS old_overdue
         FROM employer_stats s JOIN employers e ON e.id = s.employer_id
         LEFT JOIN employer_monthly m ON m.employer_id = s.employer_id AND m.month = ?
        WHERE s.employer_id = ?`,
    ),
    record: client.prepare(
      `INSERT INTO employer_monthly (employer_id, month, workers, covered, compliant, overdue) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (employer_id, month) DO UPDATE SET workers = excluded.workers, covered = excluded.covered, compliant = excluded.compliant, overdue = excluded.overdue`,
    ),
    sum: client.prepare(
      `INSERT INTO jurisdiction_monthly (jurisdiction, sector, month, employers, workers, covered, compliant, overdue) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (jurisdiction, sector, month) DO UPDATE SET employers = employers + excluded.employers, workers = workers + excluded.workers,
         covered = covered + excluded.covered, compliant = compliant + excluded.compliant, overdue = overdue + excluded.overdue`,
    ),
  };
}

const MONTH_COLUMNS = ["workers", "covered", "compliant", "overdue"] as const;
type MonthRecord = Record<(typeof MONTH_COLUMNS)[number], number>;

/** What a month's record holds, from an employer's counters. */
function monthRecord(s: Pick<Stats, "workers" | "due" | "overdue" | "compliant" | "expiring" | "expired">): MonthRecord {
  return { workers: s.workers, covered: coveredOf(s), compliant: compliantCount(s), overdue: s.overdue };
}

/** The daily job: rows whose status changes with time by today, in batches of 2,000 per transaction. */
export function refreshDue(now: Date) {
  const today = toIsoDate(now);
  let total = 0;
  for (;;) {
    const changed = writeTransaction((tx) => {
      const ids = tx.select({ id: employmentStatus.employmentId }).from(employmentStatus).where(lte(employmentStatus.changesOn, today)).limit(2000).all().map((r) => r.id);
      refreshEmployments(tx, ids, now);
      return ids.length;
    });
    total += changed;
    if (changed < 2000) return total;
  }
}

/** After a rule file changed (a new version at start-up), recompute the rows computed under another version. */
export function refreshRuleChanges(now: Date) {
  const db = getDb();
  let total = 0;
  for (const employer of db.select().from(employers).all()) {
    const rule = getRuleFor(employer);
    const stale = db
      .select({ id: employmentStatus.employmentId })
      .from(employmentStatus)
      .where(and(eq(employmentStatus.employerId, employer.id), sql`coalesce(${employmentStatus.ruleVersion}, '') != ${rule?.version ?? ""}`))
      .all()
      .map((r) => r.id);
    if (stale.length > 0) total += writeTransaction((tx) => refreshEmployments(tx, stale, now));
  }
  return total;
}

/** Roster rows with no status row yet (a database from before the counters): computed once. */
export function fillMissing(now: Date) {
  let total = 0;
  for (;;) {
    const n = writeTransaction((tx) => {
      const ids = tx
        .select({ id: employments.id })
        .from(employments)
        .where(sql`NOT EXISTS (SELECT 1 FROM ${employmentStatus} s WHERE s.employment_id = ${employments.id})`)
        .limit(2000)
        .all()
        .map((r) => r.id);
      refreshEmployments(tx, ids, now);
      return ids.length;
    });
    total += n;
    if (n < 2000) return total;
  }
}

/** Everything from scratch, per employer, without touching the stored counters. */
export function* scratchByEmployer(db: Db, now: Date, employerIds?: string[]): Generator<{ employerId: string; rows: StatusRow[]; stats: Stats }> {
  const today = toIsoDate(now);
  const ids = employerIds ?? db.select({ id: employers.id }).from(employers).all().map((e) => e.id);
  for (const employerId of ids) {
    const rows = computeStatusRows(db, jobsWhere(db, eq(employments.employerId, employerId)), today);
    const stats = emptyStats();
    for (const r of rows) count(stats, r, 1);
    yield { employerId, rows, stats };
  }
}

/**
 * Compares, with a recomputation from scratch: every roster row's status and every employer's
 * counters; this month's records; and every figure the council's and the public pages show
 * (headline, trend points, breakdowns by sector, county and size band, the employer lists,
 * each employer's page, the transparency table), built by the pages' own functions from the
 * stored data on one side and from the recomputation on the other. Past months are records
 * (ADR 015): they are checked for being summed right, not recomputed. Lists every difference.
 */
export function checkAggregates(now: Date, db: Db = getDb()) {
  const differences: string[] = [];
  let rows = 0;
  let employerCount = 0;
  const storedStats = new Map(db.select().from(employerStats).all().map((s) => [s.employerId, s]));
  const scratch = new Map<string, Stats>();
  for (const { employerId, rows: fresh, stats } of scratchByEmployer(db, now)) {
    employerCount++;
    rows += fresh.length;
    scratch.set(employerId, stats);
    const kept = new Map(
      db
        .select()
        .from(employmentStatus)
        .where(eq(employmentStatus.employerId, employerId))
        .all()
        .map((r) => [r.employmentId, stored(r)]),
    );
    for (const r of fresh) {
      const s = kept.get(r.employmentId);
      if (!s) differences.push(`employment ${r.employmentId}: no status row (should be ${describe(r)})`);
      else if (!same(r, s)) differences.push(`employment ${r.employmentId}: stored ${describe(s)}, recomputed ${describe(r)}`);
      kept.delete(r.employmentId);
    }
    for (const id of kept.keys()) differences.push(`employment ${id}: status row without a roster row`);
    const s = storedStats.get(employerId);
    for (const c of STAT_COLUMNS) {
      const have = s?.[c] ?? 0;
      if (have !== stats[c]) differences.push(`employer ${employerId}: ${c} is ${have}, recomputed ${stats[c]}`);
    }
  }
  differences.push(...checkMonthRecords(db, now, scratch), ...checkShownFigures(db, now, scratch));
  return { employers: employerCount, rows, differences };
}

/** This month's record of each employer against the recomputation; every month's sums against the employers' records. */
function checkMonthRecords(db: Db, now: Date, scratch: Map<string, Stats>): string[] {
  const out: string[] = [];
  const month = monthKey(toIsoDate(now));
  const current = new Map(db.select().from(employerMonthly).where(eq(employerMonthly.month, month)).all().map((r) => [r.employerId, r]));
  for (const [employerId, stats] of scratch) {
    const want = monthRecord(stats);
    const have = current.get(employerId);
    if (!have) {
      if (MONTH_COLUMNS.some((c) => want[c] !== 0)) out.push(`employer ${employerId} ${month} record: missing, recomputed ${want.covered} covered, ${want.compliant} compliant`);
      continue;
    }
    for (const c of MONTH_COLUMNS) if (have[c] !== want[c]) out.push(`employer ${employerId} ${month} record: ${c} is ${have[c]}, recomputed ${want[c]}`);
  }
  for (const r of db.select().from(employerMonthly).all()) {
    if (r.compliant > r.covered || r.covered > r.workers || r.overdue > r.covered) out.push(`employer ${r.employerId} ${r.month} record: ${r.compliant} compliant, ${r.covered} covered, ${r.overdue} overdue of ${r.workers} workers cannot be`);
  }
  const sums = new Map<string, MonthRecord & { employers: number }>();
  for (const r of db
    .select({ jurisdiction: employers.jurisdiction, sector: employers.sector, month: employerMonthly.month, workers: employerMonthly.workers, covered: employerMonthly.covered, compliant: employerMonthly.compliant, overdue: employerMonthly.overdue })
    .from(employerMonthly)
    .innerJoin(employers, eq(employers.id, employerMonthly.employerId))
    .all()) {
    const key = `${r.jurisdiction} ${r.sector} ${r.month}`;
    const sum = sums.get(key) ?? { employers: 0, workers: 0, covered: 0, compliant: 0, overdue: 0 };
    sum.employers++;
    for (const c of MONTH_COLUMNS) sum[c] += r[c];
    sums.set(key, sum);
  }
  for (const r of db.select().from(jurisdictionMonthly).all()) {
    const key = `${r.jurisdiction} ${r.sector} ${r.month}`;
    const sum = sums.get(key) ?? { employers: 0, workers: 0, covered: 0, compliant: 0, overdue: 0 };
    sums.delete(key);
    for (const c of ["employers", ...MONTH_COLUMNS] as const) if (r[c] !== sum[c]) out.push(`jurisdiction ${key} record: ${c} is ${r[c]}, summed from its employers' records ${sum[c]}`);
  }
  for (const [key, sum] of sums) out.push(`jurisdiction ${key} record: missing, summed from its employers' records ${sum.covered} covered, ${sum.compliant} compliant`);
  return out;
}

/** What each council and public page shows, from the stored data (the pages' own functions) and from the recomputation. */
function checkShownFigures(db: Db, now: Date, scratch: Map<string, Stats>): string[] {
  const out: string[] = [];
  const recomputed = db
    .select({ id: employers.id, name: employers.name, jurisdiction: employers.jurisdiction, sector: employers.sector, county: employers.county })
    .from(employers)
    .all()
    .map((e) => employerRow(e, scratch.get(e.id) ?? emptyStats()));
  const records = employerRecords(now, db);
  for (const j of [...new Set(recomputed.map((r) => r.jurisdiction))].sort()) {
    const mine = recomputed.filter((r) => r.jurisdiction === j);
    const summed = sumByMonth(mine.flatMap((r) => [...(records.get(r.id) ?? [])].map(([month, m]) => ({ month, ...m }))));
    compareFigures(`council ${j}:`, councilOverview(j, now, db), overviewOf(mine, summed, now), out);
    compareFigures(`council ${j} ranked employers:`, rankEmployers(employerRows(j, db)), rankEmployers(mine), out);
    for (const r of mine) compareFigures(`council ${j} employer ${r.id}:`, councilEmployer(j, r.id, now, db), employerPageOf(r, records.get(r.id), now), out);
  }
  compareFigures("transparency:", transparencyRows(db), transparencyOf(recomputed), out);
  return out;
}

type Leaf = string | number | boolean | null | undefined;

/** A list item's name in a figure's path: its month, id, group key, or place. */
function itemName(item: unknown, i: number): string {
  if (item !== null && typeof item === "object") {
    const o = item as Record<string, unknown>;
    if (typeof o.month === "string") return o.month;
    if (typeof o.id === "string") return o.id;
    if ("key" in o) return String(o.key ?? "(none)");
    if ("kind" in o && "label" in o) return `${String(o.jurisdiction)} ${String(o.kind)} ${String(o.label ?? "(none)")}`;
  }
  return `#${i + 1}`;
}

function flatten(value: unknown, path: string, out: Map<string, Leaf>) {
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${path} ${itemName(item, i)}`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) flatten(v, `${path} ${k}`, out);
  else out.set(path, value as Leaf);
}

/** Every figure of `shown` against `recomputed`, by its path ("council US-TX: trend 2026-12 covered"). */
function compareFigures(prefix: string, shown: unknown, recomputed: unknown, out: string[]) {
  const a = new Map<string, Leaf>();
  const b = new Map<string, Leaf>();
  flatten(shown, prefix, a);
  flatten(recomputed, prefix, b);
  const show = (v: Leaf) => (v === undefined ? "absent" : JSON.stringify(v));
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) out.push(`${key}: shown ${show(a.get(key))}, recomputed ${show(b.get(key))}`);
  }
}

/** Recomputes every status row and counter from scratch (first start, synthetic data). */
export function rebuildAggregates(now: Date) {
  const db = getDb();
  let rows = 0;
  writeTransaction((tx) => {
    tx.delete(employmentStatus).run();
    tx.delete(employerStats).run();
    // Rows written by bulk SQL (db:synth, benchmarks) are all recomputed below.
    tx.delete(statusDirty).run();
  });
  const ids = db.select({ id: employers.id }).from(employers).all().map((e) => e.id);
  for (let i = 0; i < ids.length; i += 200) {
    writeTransaction((tx) => {
      for (const { employerId, rows: fresh, stats } of scratchByEmployer(tx, now, ids.slice(i, i + 200))) {
        for (const r of fresh) tx.insert(employmentStatus).values(r).run();
        tx.insert(employerStats).values({ employerId, ...stats }).run();
        rows += fresh.length;
      }
    });
  }
  return rows;
}

/** The current month's row of every employer, from the counters (writes keep it current too; past months stay as they ended, ADR 015). */
export function snapshotMonth(now: Date, db: Db = getDb()) {
  const month = monthKey(toIsoDate(now));
  db.run(sql`INSERT INTO employer_monthly (employer_id, month, workers, covered, compliant, overdue)
    SELECT employer_id, ${month}, workers, due + overdue + compliant + expiring + expired, compliant + expiring, overdue FROM employer_stats WHERE true
    ON CONFLICT (employer_id, month) DO UPDATE SET workers = excluded.workers, covered = excluded.covered, compliant = excluded.compliant, overdue = excluded.overdue`);
  rollUpMonths(db, [month]);
}

/** Re-sums jurisdiction_monthly for these months from employer_monthly. */
function rollUpMonths(db: Db, months: string[]) {
  for (const month of months) {
    db.run(sql`DELETE FROM jurisdiction_monthly WHERE month = ${month}`);
    db.run(sql`INSERT INTO jurisdiction_monthly (jurisdiction, sector, month, employers, workers, covered, compliant, overdue)
      SELECT e.jurisdiction, e.sector, m.month, count(*), sum(m.workers), sum(m.covered), sum(m.compliant), sum(m.overdue)
      FROM employer_monthly m JOIN employers e ON e.id = m.employer_id WHERE m.month = ${month} GROUP BY e.jurisdiction, e.sector`);
  }
}

/**
 * Month-end counts for the last `months` months, computed from scratch (each roster row's
 * status as of each month's last day): history for a database that had no snapshots.
 */
export function backfillMonthly(now: Date, months: number) {
  const db = getDb();
  const ids = db.select({ id: employers.id }).from(employers).all().map((e) => e.id);
  const ends: { month: string; last: IsoDate }[] = [];
  const today = toIsoDate(now);
  for (let k = months - 1; k >= 1; k--) {
    const last = endOfMonth(addMonths(today, -k)); // last day of the month k months back
    ends.push({ month: monthKey(last), last });
  }
  for (let i = 0; i < ids.length; i += 100) {
    writeTransaction((tx) => {
      for (const employerId of ids.slice(i, i + 100)) {
        const jobs = jobsWhere(tx, eq(employments.employerId, employerId));
        const completions = completionsFor(jobs, tx);
        for (const { month, last } of ends) {
          const endMs = startOfDayMs(addDays(last, 1));
          // The roster as it stood then: hired by then, not yet gone.
          const then = jobs.filter((j) => j.hireDate <= last).map((j) => ({ ...j, endedAt: j.endedAt !== null && j.endedAt < endMs ? j.endedAt : null }));
          const stats = emptyStats();
          for (const r of computeStatusRows(tx, then, last, completions)) count(stats, r, 1);
          tx.insert(employerMonthly)
            .values({ employerId, month, workers: stats.workers, covered: coveredOf(stats), compliant: compliantCount(stats), overdue: stats.overdue })
            .onConflictDoNothing()
            .run();
        }
      }
    });
  }
  writeTransaction((tx) => rollUpMonths(tx, ends.map((e) => e.month)));
}

/**
 * At start-up: rows with no status yet, rows computed under an older rule, rows whose day
 * has come, and month history for a database that has none.
 */
export function prepareAggregates(now: Date) {
  // Rows touched by a write made outside any transaction (a script's raw SQL) are recomputed.
  writeTransaction((tx) => settleStatuses(tx, now));
  const filled = fillMissing(now);
  const ruled = refreshRuleChanges(now);
  const due = refreshDue(now);
  const db = getDb();
  const hasHistory = db.select({ m: employerMonthly.month }).from(employerMonthly).limit(1).get() !== undefined;
  if (!hasHistory && db.select({ id: employers.id }).from(employers).limit(1).get()) backfillMonthly(now, 24);
  snapshotMonth(now);
  if (filled + ruled + due > 0) console.log(`[frontline] Status counters: ${filled} computed, ${ruled} under a changed rule, ${due} changed with time.`);
}

/** The daily job: statuses that time changed, then this month's snapshot. */
export function dailyAggregates(now: Date) {
  const due = refreshDue(now);
  snapshotMonth(now);
  return due;
}
