/**
 * What a council auditor and the public see: counts per employer, sector, county, size band
 * and month, read from the maintained counters (ADR 010). No names, usernames or codes of
 * workers ever leave this module.
 *
 * Each page's figures are built by a pure function from employer rows and month records
 * (`overviewOf`, `employerPageOf`, `transparencyOf`), so `aggregates:check` can build the same
 * figures from a recomputation and compare them one by one. A trend's current month is the
 * headline itself; past months are the records kept at each month's end (ADR 015).
 *
 * Groups carry ids (a sector id, a size band id, a county name or `null` when none is
 * recorded), never English labels: the views translate.
 *
 * The figures are exact here (aggregates:check compares them); what leaves for a page or a file
 * goes through the small-cell rule (isSuppressed): `shown…` below for the council's pages and
 * CSVs, transparencyOf for the public table.
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { employerMonthly, jurisdictionMonthly } from "#db/schema.ts";
import { compliantCount, covered as coveredOf, isSuppressed, rate, sizeBand, SIZE_BANDS, withhold, type SizeBand, type Stats, type Withheld } from "#app/domain/aggregates.ts";
import type { Sector } from "#app/domain/content-schema.ts";
import { addMonths, monthKey, toIsoDate } from "#app/domain/dates.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";

/** Every trend shows this many months, the current one last. */
export const TREND_MONTHS = 24;

/** Who an employer is, as the council sees it. */
export interface EmployerFacts {
  id: string;
  name: string;
  jurisdiction: string;
  sector: Sector;
  county: string | null;
}

export type Counters = Pick<Stats, "workers" | "due" | "overdue" | "compliant" | "expiring" | "expired" | "trained">;

export interface EmployerRow extends EmployerFacts {
  workers: number;
  covered: number;
  compliant: number;
  overdue: number;
  due: number;
  expired: number;
  trained: number;
  rate: number | null;
  sizeBand: SizeBand;
}

/** One employer's row from its counters (the stored ones, or aggregates:check's recomputation). */
export function employerRow(e: EmployerFacts, s: Counters): EmployerRow {
  const covered = coveredOf(s);
  const compliant = compliantCount(s);
  return { ...e, workers: s.workers, covered, compliant, overdue: s.overdue, due: s.due, expired: s.expired, trained: s.trained, rate: rate(compliant, covered), sizeBand: sizeBand(s.workers) };
}

type RawRow = [string, string, string, Sector, string | null, number, number, number, number, number, number, number];

/** One indexed query (employers ⋈ employer_stats), rows as arrays: this is the council pages' hot path. */
function readRows(db: Db, where: { jurisdiction?: string; employerId?: string }): EmployerRow[] {
  const conditions = [where.jurisdiction === undefined ? null : "e.jurisdiction = ?", where.employerId === undefined ? null : "e.id = ?"].filter((c) => c !== null);
  const params = [where.jurisdiction, where.employerId].filter((p) => p !== undefined);
  const raw = db.$client
    .prepare(
      `SELECT e.id, e.name, e.jurisdiction, e.sector, e.county,
              coalesce(s.workers, 0), coalesce(s.due, 0), coalesce(s.overdue, 0), coalesce(s.compliant, 0),
              coalesce(s.expiring, 0), coalesce(s.expired, 0), coalesce(s.trained, 0)
         FROM employers e LEFT JOIN employer_stats s ON s.employer_id = e.id
        ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""}`,
    )
    .raw()
    .all(...params) as RawRow[];
  return raw.map(([id, name, jurisdiction, sector, county, workers, due, overdue, compliant, expiring, expired, trained]) =>
    employerRow({ id, name, jurisdiction, sector, county }, { workers, due, overdue, compliant, expiring, expired, trained }),
  );
}

/** Every employer (of one jurisdiction, or all) with its counters, in one indexed query. */
export function employerRows(jurisdiction?: string, db: Db = getDb()): EmployerRow[] {
  return readRows(db, { jurisdiction });
}

/**
 * Puts employers whose counts are withheld (isSuppressed) after the others, by name: their place
 * among the others would tell their rate or size.
 */
function withheldLast(order: (a: EmployerRow, b: EmployerRow) => number) {
  return (a: EmployerRow, b: EmployerRow) => {
    const sa = isSuppressed(a);
    const sb = isSuppressed(b);
    if (sa !== sb) return sa ? 1 : -1;
    return sa ? a.name.localeCompare(b.name) : order(a, b);
  };
}

/** Employers with covered workers, lowest rate first (then the most covered, then by name); withheld ones last, by name. */
export function rankEmployers(rows: EmployerRow[]): EmployerRow[] {
  return rows.filter((r) => r.covered > 0).sort(withheldLast((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || b.covered - a.covered || a.name.localeCompare(b.name)));
}

export interface Totals {
  employers: number;
  /** Of those, the employers with covered workers: what the small-cell rule counts (isSuppressed). */
  coveredEmployers: number;
  workers: number;
  covered: number;
  compliant: number;
  rate: number | null;
}

export interface Group<K> extends Totals {
  /** A sector id, a size band id, or a county's name (`null`: no county recorded). */
  key: K;
}

function totalOf(rows: EmployerRow[]): Totals {
  const t = { employers: rows.length, coveredEmployers: 0, workers: 0, covered: 0, compliant: 0 };
  for (const r of rows) {
    if (r.covered > 0) t.coveredEmployers++;
    t.workers += r.workers;
    t.covered += r.covered;
    t.compliant += r.compliant;
  }
  return { ...t, rate: rate(t.compliant, t.covered) };
}

/** Groups in the order given, or by key (a missing county last). */
function groupBy<K extends string | null>(rows: EmployerRow[], key: (r: EmployerRow) => K, order?: readonly K[]): Group<K>[] {
  const map = new Map<K, EmployerRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  const keys = order ? order.filter((k) => map.has(k)) : [...map.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  return keys.map((k) => ({ key: k, ...totalOf(map.get(k)!) }));
}

export interface TrendPoint {
  month: string;
  /**
   * Null for a past month with no month-end record (before the platform recorded this employer or
   * state): nothing is known of it, which is not the same as a record of no covered workers (0).
   */
  covered: number | null;
  compliant: number | null;
  rate: number | null;
}

/** Month-end records (covered and compliant workers) by month, "YYYY-MM". */
export type MonthRecords = Map<string, { covered: number; compliant: number }>;

/** "YYYY-MM" of the month `k` months before `now`'s. */
function monthsBack(now: Date, k: number) {
  return monthKey(addMonths(toIsoDate(now), -k));
}

/** The trend's months, oldest first; the last is `now`'s month. */
export function trendMonths(now: Date, months = TREND_MONTHS): string[] {
  return Array.from({ length: months }, (_, i) => monthsBack(now, months - 1 - i));
}

/**
 * A trend: each past month as recorded at its end (no record: no data), and the current month
 * from the same counters as the headline (`current`), so the two can never disagree.
 */
export function trendOf(records: MonthRecords, current: { covered: number; compliant: number }, now: Date, months = TREND_MONTHS): TrendPoint[] {
  const list = trendMonths(now, months);
  const thisMonth = list.at(-1);
  return list.map((month) => {
    const m = month === thisMonth ? current : records.get(month);
    return m ? { month, covered: m.covered, compliant: m.compliant, rate: rate(m.compliant, m.covered) } : { month, covered: null, compliant: null, rate: null };
  });
}

/** A jurisdiction's month-end records for the trend's past months, its sectors together. */
export function jurisdictionRecords(jurisdiction: string, now: Date, db: Db = getDb(), months = TREND_MONTHS): MonthRecords {
  const rows = db
    .select({ month: jurisdictionMonthly.month, covered: jurisdictionMonthly.covered, compliant: jurisdictionMonthly.compliant })
    .from(jurisdictionMonthly)
    .where(and(eq(jurisdictionMonthly.jurisdiction, jurisdiction), gte(jurisdictionMonthly.month, monthsBack(now, months - 1)), lt(jurisdictionMonthly.month, monthsBack(now, 0))))
    .all();
  return sumByMonth(rows);
}

export function sumByMonth(rows: { month: string; covered: number; compliant: number }[]): MonthRecords {
  const out: MonthRecords = new Map();
  for (const r of rows) {
    const m = out.get(r.month) ?? { covered: 0, compliant: 0 };
    out.set(r.month, { covered: m.covered + r.covered, compliant: m.compliant + r.compliant });
  }
  return out;
}

/** Employers' month-end records for the trend's past months (these employers, or all). */
export function employerRecords(now: Date, db: Db = getDb(), employerIds?: string[], months = TREND_MONTHS): Map<string, MonthRecords> {
  const window = and(gte(employerMonthly.month, monthsBack(now, months - 1)), lt(employerMonthly.month, monthsBack(now, 0)));
  const select = (ids?: string[]) =>
    db
      .select({ employerId: employerMonthly.employerId, month: employerMonthly.month, covered: employerMonthly.covered, compliant: employerMonthly.compliant })
      .from(employerMonthly)
      .where(ids ? and(inArray(employerMonthly.employerId, ids), window) : window)
      .all();
  const rows = employerIds ? Array.from({ length: Math.ceil(employerIds.length / 500) }, (_, i) => select(employerIds.slice(i * 500, i * 500 + 500))).flat() : select();
  const out = new Map<string, MonthRecords>();
  for (const r of rows) {
    const m = out.get(r.employerId) ?? out.set(r.employerId, new Map()).get(r.employerId)!;
    m.set(r.month, { covered: r.covered, compliant: r.compliant });
  }
  return out;
}

/** Everything the council dashboard shows for a jurisdiction, from its employers' rows and its month records. */
export function overviewOf(rows: EmployerRow[], records: MonthRecords, now: Date) {
  const total = totalOf(rows);
  const ranked = rankEmployers(rows);
  const inactive = rows.filter((r) => r.covered > 0 && r.trained === 0).sort(withheldLast((a, b) => b.covered - a.covered || a.name.localeCompare(b.name)));
  return {
    total,
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
    trend: trendOf(records, total, now),
    bySector: groupBy(rows, (r) => r.sector),
    byCounty: groupBy(rows, (r) => r.county),
    bySize: groupBy(rows, (r) => r.sizeBand, SIZE_BANDS),
    lowest: ranked.slice(0, 20),
    rankedCount: ranked.length,
    inactive: inactive.slice(0, 20),
    inactiveCount: inactive.length,
  };
}

export function councilOverview(jurisdiction: string, now: Date, db: Db = getDb()) {
  return overviewOf(employerRows(jurisdiction, db), jurisdictionRecords(jurisdiction, now, db), now);
}

export interface TransparencyRow {
  jurisdiction: string;
  kind: "sector" | "county";
  /** The sector's id, or the county's name (`null`: no county recorded). */
  label: string | null;
  covered: number | null;
  compliant: number | null;
  rate: number | null;
  suppressed: boolean;
}

/** The public transparency table: per jurisdiction, county and sector; small cells suppressed. */
export function transparencyOf(rows: EmployerRow[]): TransparencyRow[] {
  const out: TransparencyRow[] = [];
  const jurisdictions = [...new Set(rows.map((r) => r.jurisdiction))].sort();
  for (const j of jurisdictions) {
    const mine = rows.filter((r) => r.jurisdiction === j);
    for (const [kind, groups] of [
      ["sector", groupBy<string | null>(mine, (r) => r.sector)],
      ["county", groupBy(mine, (r) => r.county)],
    ] as const) {
      for (const g of groups) {
        if (g.covered === 0) continue;
        out.push(
          isSuppressed({ covered: g.covered, employers: g.coveredEmployers })
            ? { jurisdiction: j, kind, label: g.key, covered: null, compliant: null, rate: null, suppressed: true }
            : { jurisdiction: j, kind, label: g.key, covered: g.covered, compliant: g.compliant, rate: g.rate, suppressed: false },
        );
      }
    }
  }
  return out;
}

export function transparencyRows(db: Db = getDb()) {
  return transparencyOf(employerRows(undefined, db));
}

/** One employer's page: its row and its trend, whose current month is the row's figures. */
export function employerPageOf(row: EmployerRow, records: MonthRecords | undefined, now: Date) {
  return { ...row, trend: trendOf(records ?? new Map(), row, now) };
}

/** One employer inside a jurisdiction (undefined outside it: the auditor cannot see it). */
export function councilEmployer(jurisdiction: string, employerId: string, now: Date, db: Db = getDb()) {
  const row = readRows(db, { jurisdiction, employerId })[0];
  return row ? employerPageOf(row, employerRecords(now, db, [employerId]).get(employerId), now) : undefined;
}

// What the council's pages and CSV exports show: the figures above through the small-cell rule.

const EMPLOYER_COUNTS = ["workers", "covered", "compliant", "overdue", "due", "expired", "trained", "rate"] as const;
const GROUP_COUNTS = ["workers", "covered", "compliant", "rate"] as const;
const POINT_COUNTS = ["covered", "compliant", "rate"] as const;

/** An employer's row as shown: every count withheld for fewer than 5 covered workers (name, sector, county, size band stay). */
export function shownEmployer(row: EmployerRow) {
  return withhold(row, EMPLOYER_COUNTS);
}

export function shownGroup<K>(group: Group<K>) {
  return withhold(group, GROUP_COUNTS, group.coveredEmployers);
}
export type ShownGroup<K> = ReturnType<typeof shownGroup<K>>;

/** A month as shown; `employers`: how many employers a state's month combines (none for one employer's month). */
export function shownPoint(point: TrendPoint, employers?: number): Withheld<TrendPoint, (typeof POINT_COUNTS)[number]> {
  // A month with no record has no figure to withhold: "no data", not "suppressed".
  if (point.covered === null) return { ...point, suppressed: false };
  return withhold({ ...point, covered: point.covered }, POINT_COUNTS, employers);
}

/** The council dashboard as shown. */
export function shownOverview(o: ReturnType<typeof overviewOf>) {
  const total = withhold(o.total, GROUP_COUNTS, o.total.coveredEmployers);
  return {
    ...o,
    total,
    overdue: total.suppressed ? null : o.overdue,
    // A state's months combine its employers: withheld, like the headline, while it has fewer than the rule's (today's count stands for past months').
    trend: o.trend.map((p) => shownPoint(p, o.total.coveredEmployers)),
    bySector: o.bySector.map(shownGroup),
    byCounty: o.byCounty.map(shownGroup),
    bySize: o.bySize.map(shownGroup),
    lowest: o.lowest.map(shownEmployer),
    inactive: o.inactive.map(shownEmployer),
  };
}

/** One employer's page as shown: its row and each month of its trend. */
export function shownEmployerPage(page: ReturnType<typeof employerPageOf>) {
  return { ...shownEmployer(page), trend: page.trend.map((p) => shownPoint(p)) };
}
