/**
 * Reading roster rows with their status (ADR 009). The status of every row is the stored one
 * in `employment_status`, kept current by `changeStatuses` (status.server.ts) and the daily
 * job; nothing here recomputes it. The roster page filters, sorts, searches and pages in SQL;
 * the dashboard counts in SQL; one worker's training history is computed for that worker only.
 */
import { and, asc, eq, gte, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { employments, employmentStatus, sites, users } from "#db/schema.ts";
import { statusFromColumns, trainingCycles, type Completion, type ComplianceStatus } from "#app/domain/compliance.ts";
import { addMonths, startOfDayMs, toIsoDate } from "#app/domain/dates.ts";
import { getDb, openReadConnection, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { catchUpEmployer, refreshEmployments, stored } from "./aggregates.server.ts";
import { completionsFor } from "./completions.server.ts";
import { courseFit, getRuleFor, type LoadedPolicy } from "#app/server/content.server.ts";
import type { Employer } from "./employer.server.ts";
import type { Employment } from "./user.server.ts";
import { yieldToEventLoop } from "#app/utils/event-loop.server.ts";

export type StatusKind = ComplianceStatus["kind"];
export const STATUS_KINDS: StatusKind[] = ["overdue", "expired", "due", "expiring", "compliant", "not-covered"];

export interface RosterEntry {
  employment: Employment;
  siteName: string | null;
  username: string | null;
  former: boolean;
  terminationDate: string | null;
  status: ComplianceStatus;
  completions: Completion[];
}

export interface EmployerCompliance {
  rule: LoadedPolicy | undefined;
  today: string;
  entries: RosterEntry[];
}

export function terminationDateOf(employment: Pick<Employment, "endedAt">): string | null {
  return employment.endedAt === null ? null : toIsoDate(employment.endedAt);
}

/**
 * Which rows an employer's records hold: current staff, and former staff whose records are
 * still within the rule's retention period (all former staff when the rule names none).
 * Records are kept for the law's period after the worker left (counted from termination; a
 * period counted from training or hire is at least as long, so it is kept that long too).
 */
function retainedRows(employer: Employer, today: string): SQL {
  const retention = getRuleFor(employer)?.policy.recordRetention.value ?? null;
  const mine = eq(employments.employerId, employer.id);
  if (retention === null || retention.from !== "termination") return mine;
  const keptFrom = startOfDayMs(addMonths(today, -Math.round(retention.years * 12)));
  return and(mine, or(isNull(employments.endedAt), gte(employments.endedAt, keptFrom)))!;
}

const ROW = { employment: employments, status: employmentStatus, username: users.username, siteName: sites.name };

function rows(db: Db) {
  return db
    .select(ROW)
    .from(employments)
    .innerJoin(employmentStatus, eq(employmentStatus.employmentId, employments.id))
    .leftJoin(users, eq(users.id, employments.userId))
    .leftJoin(sites, eq(sites.id, employments.siteId));
}

function entryOf(r: { employment: Employment; status: typeof employmentStatus.$inferSelect; username: string | null; siteName: string | null }, completions: Completion[]): RosterEntry {
  const s = stored(r.status);
  return {
    employment: r.employment,
    siteName: r.siteName,
    username: r.username,
    former: s.former,
    terminationDate: terminationDateOf(r.employment),
    status: statusFromColumns(s),
    completions,
  };
}

/**
 * Every retained roster row with its stored status and its completions (for exports, the
 * report, the audit bundle and reminders).
 */
export function getEmployerRoster(employer: Employer, now: Date, db: Db = getDb()): EmployerCompliance {
  catchUpEmployer(employer.id, now, db);
  const today = toIsoDate(now);
  const found = rows(db).where(retainedRows(employer, today)).all();
  const completions = completionsFor(found.map((r) => ({ id: r.employment.id, userId: r.employment.userId })), db);
  return { rule: getRuleFor(employer), today, entries: found.map((r) => entryOf(r, completions.get(r.employment.id) ?? [])) };
}

/** Rows read per page by readEmployerRoster: a page and its completions take a few ms. */
export const ROSTER_PAGE_ROWS = 500;


/**
 * getEmployerRoster for the big readers (the compliance report and the audit bundle): the same
 * entries, read in pages of `pageSize` rows by keyset on rowid, yielding to the event loop between
 * pages so other requests are served while a 5,000-row roster is read (ADR 037). One snapshot:
 * the pages are read in one deferred read transaction on a connection of their own (held across
 * the yields; WAL lets writers go on), so the report never mixes rows from before and after a
 * write. An in-memory database has no second connection: it is read in one go.
 */
export async function readEmployerRoster(employer: Employer, now: Date, options: { db?: Db; pageSize?: number; onPage?: () => void } = {}): Promise<EmployerCompliance> {
  const main = options.db ?? getDb();
  const pageSize = options.pageSize ?? ROSTER_PAGE_ROWS;
  catchUpEmployer(employer.id, now, main);
  const db = openReadConnection(main);
  if (!db) return getEmployerRoster(employer, now, main);
  const sqlite = db.$client;
  const today = toIsoDate(now);
  const rule = getRuleFor(employer);
  try {
    const where = retainedRows(employer, today);
    const rowid = sql<number>`"employments"."rowid"`;
    const entries: RosterEntry[] = [];
    sqlite.exec("BEGIN");
    try {
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const page = db
          .select({ ...ROW, rowid })
          .from(employments)
          .innerJoin(employmentStatus, eq(employmentStatus.employmentId, employments.id))
          .leftJoin(users, eq(users.id, employments.userId))
          .leftJoin(sites, eq(sites.id, employments.siteId))
          .where(and(where, sql`${rowid} > ${after}`))
          .orderBy(rowid)
          .limit(pageSize)
          .all();
        options.onPage?.();
        if (page.length === 0) break;
        const completions = completionsFor(page.map((r) => ({ id: r.employment.id, userId: r.employment.userId })), db);
        for (const r of page) entries.push(entryOf(r, completions.get(r.employment.id) ?? []));
        after = page[page.length - 1]!.rowid;
        if (page.length < pageSize) break;
        await yieldToEventLoop();
      }
    } finally {
      sqlite.exec("COMMIT");
    }
    return { rule, today, entries };
  } finally {
    sqlite.close();
  }
}

export interface RosterQuery {
  q: string;
  site: string;
  role: string;
  status: "" | "former" | StatusKind;
  sort: "name" | "hire" | "status" | "deadline";
  page: number;
}

const URGENCY = sql.raw(`CASE ${STATUS_KINDS.map((k, i) => `WHEN employment_status.kind = '${k}' THEN ${i}`).join(" ")} END`);
/** The date that matters for a row; a due date the law does not name sorts after dated ones. */
const DEADLINE = sql`coalesce(${employmentStatus.deadline}, CASE WHEN ${employmentStatus.kind} = 'due' THEN '9999-12-30' ELSE '9999-12-31' END)`;
const NAME = sql`${employments.fullName} COLLATE NOCASE`;

/** One page of the roster as filtered, searched and sorted, with the number of matching rows. */
export function getRosterPage(employer: Employer, query: RosterQuery, pageSize: number, now: Date, db: Db = getDb()) {
  catchUpEmployer(employer.id, now, db);
  const today = toIsoDate(now);
  const where: (SQL | undefined)[] = [retainedRows(employer, today)];
  where.push(eq(employmentStatus.former, query.status === "former"));
  if (query.status && query.status !== "former") where.push(eq(employmentStatus.kind, query.status));
  if (query.site === "none") where.push(isNull(employments.siteId));
  else if (query.site) where.push(eq(employments.siteId, query.site));
  if (query.role) where.push(eq(employments.jobRole, query.role));
  if (query.q) {
    // fold(): lower case without accents, registered on the connection (db.server.ts).
    const hay = sql`fold(${employments.fullName} || ' ' || coalesce(${employments.employeeId}, '') || ' ' || coalesce(${users.username}, '') || ' ' || coalesce(${employments.email}, ''))`;
    where.push(sql`instr(${hay}, fold(${query.q})) > 0`);
  }
  const filter = and(...where)!;
  const total = db.select({ n: sql<number>`count(*)` }).from(employments).innerJoin(employmentStatus, eq(employmentStatus.employmentId, employments.id)).leftJoin(users, eq(users.id, employments.userId)).where(filter).get()!.n;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page, pages);
  const order: Record<RosterQuery["sort"], SQL[]> = {
    name: [NAME, asc(employments.id)],
    hire: [sql`${employments.hireDate} DESC`, NAME, asc(employments.id)],
    status: [URGENCY, DEADLINE, NAME, asc(employments.id)],
    deadline: [DEADLINE, NAME, asc(employments.id)],
  };
  const found = rows(db)
    .where(filter)
    .orderBy(...order[query.sort])
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { total, page, pages, entries: found.map((r) => entryOf(r, [])) };
}

export interface Summary {
  covered: number;
  compliant: number;
  /** Percent of covered current workers who are compliant or expiring (still valid). */
  rate: number | null;
  counts: Record<StatusKind, number>;
}

/** Counts over current staff (former staff are records, not workforce). */
export function summaryOf(counts: Partial<Record<StatusKind, number>>): Summary {
  const all = Object.fromEntries(STATUS_KINDS.map((k) => [k, counts[k] ?? 0])) as Record<StatusKind, number>;
  const covered = STATUS_KINDS.filter((k) => k !== "not-covered").reduce((n, k) => n + all[k], 0);
  const compliant = all.compliant + all.expiring;
  return { covered, compliant, rate: covered === 0 ? null : Math.round((1000 * compliant) / covered) / 10, counts: all };
}

/** Counts over current staff of a list of entries. */
export function summarize(entries: RosterEntry[]): Summary {
  const counts: Partial<Record<StatusKind, number>> = {};
  for (const e of entries) if (!e.former) counts[e.status.kind] = (counts[e.status.kind] ?? 0) + 1;
  return summaryOf(counts);
}

/** The dashboard's figures, counted in SQL: the whole workforce, per site, and retained former staff. */
export function getStatusSummary(employer: Employer, now: Date, db: Db = getDb()) {
  catchUpEmployer(employer.id, now, db);
  const groups = db
    .select({ siteId: employments.siteId, kind: employmentStatus.kind, former: employmentStatus.former, n: sql<number>`count(*)` })
    .from(employments)
    .innerJoin(employmentStatus, eq(employmentStatus.employmentId, employments.id))
    .where(retainedRows(employer, toIsoDate(now)))
    .groupBy(employments.siteId, employmentStatus.kind, employmentStatus.former)
    .all();
  const total: Partial<Record<StatusKind, number>> = {};
  const bySite = new Map<string | null, Partial<Record<StatusKind, number>>>();
  let former = 0;
  for (const g of groups) {
    if (g.former) {
      former += g.n;
      continue;
    }
    const kind = g.kind as StatusKind;
    total[kind] = (total[kind] ?? 0) + g.n;
    const site = bySite.get(g.siteId) ?? bySite.set(g.siteId, {}).get(g.siteId)!;
    site[kind] = (site[kind] ?? 0) + g.n;
  }
  return { summary: summaryOf(total), former, bySite: (siteId: string | null) => summaryOf(bySite.get(siteId) ?? {}) };
}

/**
 * One worker's record at this employer: the stored status, and the training history (cycles)
 * computed from this worker's completions only. Undefined when the row is past retention.
 */
export function getWorkerRecord(employer: Employer, employmentId: string, now: Date, db: Db = getDb()) {
  catchUpEmployer(employer.id, now, db);
  const today = toIsoDate(now);
  const where = and(retainedRows(employer, today), eq(employments.id, employmentId))!;
  const found = rows(db).where(where).get();
  if (!found) return undefined;
  const completions = completionsFor([{ id: found.employment.id, userId: found.employment.userId }], db).get(found.employment.id) ?? [];
  const entry = entryOf(found, completions);
  const rule = getRuleFor(employer);
  const cycles =
    rule && entry.status.kind !== "not-covered"
      ? trainingCycles({
          rule: rule.policy,
          jobRole: entry.employment.jobRole,
          hireDate: entry.employment.hireDate,
          terminationDate: entry.terminationDate,
          employerId: employer.id,
          completions,
          platformCounts: courseFit(rule.policy.id, entry.employment.jobRole).meets,
          today,
        })
      : [];
  return { entry, rule, cycles };
}

/** The stored status of a worker's jobs (for `/learn` and the quiz), keyed by employment id; rows time changed since the daily job are recomputed first. */
export function getStatusesOf(employmentIds: string[], now: Date, db: Db = getDb()): Map<string, ComplianceStatus> {
  if (employmentIds.length === 0) return new Map();
  const read = () => db.select().from(employmentStatus).where(inArray(employmentStatus.employmentId, employmentIds)).all();
  let found = read();
  const today = toIsoDate(now);
  const stale = found.filter((r) => r.changesOn !== null && r.changesOn <= today).map((r) => r.employmentId);
  if (stale.length > 0) {
    writeTransaction((tx) => refreshEmployments(tx, stale, now));
    found = read();
  }
  return new Map(found.map((r) => [r.employmentId, statusFromColumns(stored(r))]));
}
