/**
 * What a council auditor and the public see: counts per employer, sector, county, size band
 * and month, read from the maintained counters (ADR 010). No names, usernames or codes of
 * workers ever leave this module.
 */
import { and, asc, eq, gte } from "drizzle-orm";
import { employerMonthly, jurisdictionMonthly } from "#db/schema.ts";
import { compliantCount, covered as coveredOf, rate, sizeBand, SIZE_BANDS, SUPPRESS_BELOW } from "#app/domain/aggregates.ts";
import { toIsoDate } from "#app/domain/expiry.ts";
import { getDb } from "#app/utils/db.server.ts";

export interface EmployerRow {
  id: string;
  name: string;
  jurisdiction: string;
  sector: string;
  county: string | null;
  workers: number;
  covered: number;
  compliant: number;
  overdue: number;
  due: number;
  expired: number;
  trained: number;
  rate: number | null;
  sizeBand: string;
}

/** Every employer (of one jurisdiction, or all) with its counters, in one indexed query. */
export function employerRows(jurisdiction?: string): EmployerRow[] {
  const stmt = getDb().$client.prepare(
    `SELECT e.id, e.name, e.jurisdiction, e.sector, e.county,
            coalesce(s.workers, 0), coalesce(s.due, 0), coalesce(s.overdue, 0), coalesce(s.compliant, 0),
            coalesce(s.expiring, 0), coalesce(s.expired, 0), coalesce(s.trained, 0)
       FROM employers e LEFT JOIN employer_stats s ON s.employer_id = e.id
      ${jurisdiction ? "WHERE e.jurisdiction = ?" : ""}`,
  );
  const raw = (jurisdiction ? stmt.raw().all(jurisdiction) : stmt.raw().all()) as [string, string, string, string, string | null, number, number, number, number, number, number, number][];
  return raw.map(([id, name, j, sector, county, workers, due, overdue, compliant, expiring, expired, trained]) => {
    const cov = coveredOf({ due, overdue, compliant, expiring, expired });
    const comp = compliantCount({ compliant, expiring });
    return { id, name, jurisdiction: j, sector, county, workers, covered: cov, compliant: comp, overdue, due, expired, trained, rate: rate(comp, cov), sizeBand: sizeBand(workers) };
  });
}

export interface Group {
  label: string;
  employers: number;
  workers: number;
  covered: number;
  compliant: number;
  rate: number | null;
  /** Fewer than SUPPRESS_BELOW covered workers: the counts are withheld where suppression applies. */
  small: boolean;
}

function groupBy(rows: EmployerRow[], key: (r: EmployerRow) => string, order?: string[]): Group[] {
  const map = new Map<string, Group>();
  for (const r of rows) {
    const label = key(r);
    const g = map.get(label) ?? { label, employers: 0, workers: 0, covered: 0, compliant: 0, rate: null, small: false };
    g.employers++;
    g.workers += r.workers;
    g.covered += r.covered;
    g.compliant += r.compliant;
    map.set(label, g);
  }
  const groups = [...map.values()].map((g) => ({ ...g, rate: rate(g.compliant, g.covered), small: g.covered < SUPPRESS_BELOW }));
  return order ? order.map((o) => groups.find((g) => g.label === o)).filter((g): g is Group => g !== undefined) : groups.sort((a, b) => a.label.localeCompare(b.label));
}

export interface TrendPoint {
  month: string;
  covered: number;
  compliant: number;
  rate: number | null;
}

/** The jurisdiction's month-end rates over the last `months` months, per sector or together. */
export function jurisdictionTrend(jurisdiction: string, now: Date, months = 24, sector?: string): TrendPoint[] {
  const from = monthsBack(now, months - 1);
  const rows = getDb()
    .select()
    .from(jurisdictionMonthly)
    .where(and(eq(jurisdictionMonthly.jurisdiction, jurisdiction), gte(jurisdictionMonthly.month, from), sector ? eq(jurisdictionMonthly.sector, sector) : undefined))
    .orderBy(asc(jurisdictionMonthly.month))
    .all();
  const byMonth = new Map<string, { covered: number; compliant: number }>();
  for (const r of rows) {
    const m = byMonth.get(r.month) ?? { covered: 0, compliant: 0 };
    m.covered += r.covered;
    m.compliant += r.compliant;
    byMonth.set(r.month, m);
  }
  return monthList(now, months).map((month) => {
    const m = byMonth.get(month);
    return { month, covered: m?.covered ?? 0, compliant: m?.compliant ?? 0, rate: m ? rate(m.compliant, m.covered) : null };
  });
}

export function employerTrend(employerId: string, now: Date, months = 24): TrendPoint[] {
  const rows = getDb()
    .select()
    .from(employerMonthly)
    .where(and(eq(employerMonthly.employerId, employerId), gte(employerMonthly.month, monthsBack(now, months - 1))))
    .all();
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return monthList(now, months).map((month) => {
    const r = byMonth.get(month);
    return { month, covered: r?.covered ?? 0, compliant: r?.compliant ?? 0, rate: r ? rate(r.compliant, r.covered) : null };
  });
}

function monthsBack(now: Date, k: number) {
  return toIsoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1))).slice(0, 7);
}

function monthList(now: Date, months: number) {
  return Array.from({ length: months }, (_, i) => monthsBack(now, months - 1 - i));
}

/** Everything the council dashboard shows for a jurisdiction. */
export function councilOverview(jurisdiction: string, now: Date) {
  const rows = employerRows(jurisdiction);
  const total = groupBy(rows, () => "All")[0] ?? { label: "All", employers: 0, workers: 0, covered: 0, compliant: 0, rate: null, small: true };
  const ranked = rows.filter((r) => r.covered > 0).sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || b.covered - a.covered || a.name.localeCompare(b.name));
  const inactive = rows.filter((r) => r.covered > 0 && r.trained === 0).sort((a, b) => b.covered - a.covered || a.name.localeCompare(b.name));
  return {
    total,
    overdue: rows.reduce((n, r) => n + r.overdue, 0),
    trend: jurisdictionTrend(jurisdiction, now),
    bySector: groupBy(rows, (r) => r.sector),
    byCounty: groupBy(rows, (r) => r.county ?? "County not recorded"),
    bySize: groupBy(rows, (r) => r.sizeBand, SIZE_BANDS),
    lowest: ranked.slice(0, 20),
    rankedCount: ranked.length,
    inactive: inactive.slice(0, 20),
    inactiveCount: inactive.length,
  };
}

/** The public transparency table: per jurisdiction, county and sector; small cells suppressed. */
export function transparencyRows() {
  const rows = employerRows();
  const out: { jurisdiction: string; kind: "county" | "sector"; label: string; covered: number | null; compliant: number | null; rate: number | null; suppressed: boolean }[] = [];
  const jurisdictions = [...new Set(rows.map((r) => r.jurisdiction))].sort();
  for (const j of jurisdictions) {
    const mine = rows.filter((r) => r.jurisdiction === j);
    for (const [kind, groups] of [
      ["sector", groupBy(mine, (r) => r.sector)],
      ["county", groupBy(mine, (r) => r.county ?? "County not recorded")],
    ] as const) {
      for (const g of groups) {
        if (g.covered === 0) continue;
        out.push(
          g.small
            ? { jurisdiction: j, kind, label: g.label, covered: null, compliant: null, rate: null, suppressed: true }
            : { jurisdiction: j, kind, label: g.label, covered: g.covered, compliant: g.compliant, rate: g.rate, suppressed: false },
        );
      }
    }
  }
  return out;
}

/** One employer inside a jurisdiction (undefined outside it: the auditor cannot see it). */
export function councilEmployer(jurisdiction: string, employerId: string, now: Date) {
  const row = employerRows(jurisdiction).find((r) => r.id === employerId);
  return row ? { ...row, trend: employerTrend(employerId, now) } : undefined;
}
