/**
 * Pure helpers for the maintained counters (ADR 010): when a status can next change by time
 * alone, and how a status counts in an employer's counters.
 */
import { EXPIRING_WITHIN_DAYS, type ComplianceStatus } from "./compliance.ts";
import { addDays } from "./dates.ts";

export type AggregateKind = ComplianceStatus["kind"] | "former";

/**
 * The first day on which the same inputs give a different status, or null when only a write
 * (a certificate, a roster change) can change it.
 */
export function statusChangesOn(status: ComplianceStatus): string | null {
  switch (status.kind) {
    case "due":
      return status.dueDate === null ? null : addDays(status.dueDate, 1); // becomes overdue (never, when the law names no deadline)
    case "compliant":
      return status.validUntil === null ? null : addDays(status.validUntil, -EXPIRING_WITHIN_DAYS); // enters the expiring window
    case "expiring":
      return addDays(status.validUntil, 1); // lapses
    default:
      return null;
  }
}

export interface Stats {
  workers: number;
  notCovered: number;
  due: number;
  overdue: number;
  compliant: number;
  expiring: number;
  expired: number;
  trained: number;
  former: number;
}

export const STAT_COLUMNS: (keyof Stats)[] = ["workers", "notCovered", "due", "overdue", "compliant", "expiring", "expired", "trained", "former"];

export function emptyStats(): Stats {
  return { workers: 0, notCovered: 0, due: 0, overdue: 0, compliant: 0, expiring: 0, expired: 0, trained: 0, former: 0 };
}

const COLUMN: Record<AggregateKind, keyof Stats> = {
  "not-covered": "notCovered",
  due: "due",
  overdue: "overdue",
  compliant: "compliant",
  expiring: "expiring",
  expired: "expired",
  former: "former",
};

/** Adds (sign 1) or removes (sign -1) one roster row's contribution (a former worker counts as a record only). */
export function count(stats: Stats, row: { kind: AggregateKind; former?: boolean; trained: boolean }, sign: 1 | -1) {
  const kind: AggregateKind = row.former ? "former" : row.kind;
  stats[COLUMN[kind]] += sign;
  if (kind !== "former") {
    stats.workers += sign;
    if (kind !== "not-covered" && row.trained) stats.trained += sign;
  }
}

export function covered(s: Pick<Stats, "due" | "overdue" | "compliant" | "expiring" | "expired">) {
  return s.due + s.overdue + s.compliant + s.expiring + s.expired;
}

/** Compliant: holding a valid completion (compliant or expiring). */
export function compliantCount(s: Pick<Stats, "compliant" | "expiring">) {
  return s.compliant + s.expiring;
}

/** Percent with one decimal, or null when there is no one to count. */
export function rate(compliant: number, coveredCount: number): number | null {
  return coveredCount === 0 ? null : Math.round((1000 * compliant) / coveredCount) / 10;
}

/** Council and public cells describing fewer than this many workers are suppressed. */
export const SUPPRESS_BELOW = 5;

/** Council and public cells that combine the figures of fewer than this many employers are suppressed. */
export const SUPPRESS_BELOW_EMPLOYERS = 3;

/**
 * What the small-cell rule looks at: the covered workers a cell describes and, for a cell that
 * combines employers (a sector, a county, a size band, a state, a month of a state), how many
 * employers with covered workers it combines (one without any adds nothing to the figures, so it
 * cannot hide anyone's rate). A cell about one named employer (the council's row or page for it)
 * has no `employers`: it is judged by its workers alone.
 */
export interface Cell {
  covered: number;
  employers?: number;
}

/**
 * The one small-cell rule, for every figure that leaves an employer: the council's pages and CSV
 * exports, /transparency and its CSV and JSON (ADR 010). A cell describing 1 to SUPPRESS_BELOW - 1
 * covered workers, or combining employers that are fewer than SUPPRESS_BELOW_EMPLOYERS (so that
 * one employer's rate could be read off a county or a sector it nearly has to itself), is withheld:
 * none of its counts, and not its rate. A cell of no covered workers describes no one and is
 * shown (with no rate).
 */
export function isSuppressed(cell: Cell): boolean {
  if (cell.covered <= 0) return false;
  return cell.covered < SUPPRESS_BELOW || (cell.employers !== undefined && cell.employers < SUPPRESS_BELOW_EMPLOYERS);
}

/** A cell as shown: its `counts` null where isSuppressed says so, and `suppressed` saying which. */
export type Withheld<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null } & { suppressed: boolean };

/**
 * Applies isSuppressed to one cell; `counts` names every figure of the cell (its covered workers
 * among them). `employers`: for a cell that combines employers, how many of them have covered
 * workers (see Cell); left out for one employer's own cell.
 */
export function withhold<T extends { covered: number }, K extends keyof T>(cell: T, counts: readonly K[], employers?: number): Withheld<T, K> {
  const suppressed = isSuppressed({ covered: cell.covered, employers });
  const out: Record<PropertyKey, unknown> = { ...cell, suppressed };
  if (suppressed) for (const k of counts) out[k] = null;
  return out as Withheld<T, K>;
}

/** An employer's size by its current workers: an id the views translate ("council:sizeBands.<id>"). */
export const SIZE_BANDS = ["1-9", "10-49", "50-249", "250+"] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

export function sizeBand(workers: number): SizeBand {
  if (workers < 10) return "1-9";
  if (workers < 50) return "10-49";
  if (workers < 250) return "50-249";
  return "250+";
}
