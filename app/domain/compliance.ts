import { addDays, addMonths, daysBetween, parseIsoDate } from "./dates.ts";
import { validThrough } from "./expiry.ts";
import { ruleTerms, type Policy } from "./policy-schema.ts";

/**
 * Whether a worker meets a jurisdiction's training rule, computed from the hire date, the job
 * role and the rule (never from an assignment date). Pure: no I/O, no clock — the caller
 * passes `today`. Dates are ISO `YYYY-MM-DD` calendar dates in UTC.
 *
 * Rules of evaluation:
 * - A worker whose role the rule does not cover is "not-covered".
 * - Former staff are evaluated as of their termination date (min(today, terminationDate)).
 * - Revoked completions never count; completions dated after the as-of date are ignored;
 *   completions at another employer count only when the rule accepts prior training.
 * - A completion of this platform's course counts only when the course meets the rule for the
 *   worker's role (`platformCounts`, see course-fit.ts: approval, state course, video, minutes,
 *   required content); a completion the employer recorded from an outside course counts always
 *   (the employer records that it satisfies the rule).
 * - The first training is due `firstTraining` after the hire date: N days (hire + N) or N
 *   calendar months (the same day N months later, clamped to the month's end). A rule whose law
 *   names no window has no due date: the worker is "due" (never "overdue") until trained.
 * - A completion is valid through the day before the same date `renewal.months` later
 *   (calendar months, clamped: 2024-02-29 + 12 months → 2025-02-28, valid through 2025-02-27);
 *   with no renewal it is valid indefinitely.
 * - Completions dated before the hire date (training at a previous employer, or during an
 *   earlier job at this employer) count only if they are still valid on the hire date: one that
 *   had already lapsed says nothing about this employment and is ignored, so the worker gets
 *   the normal new-hire window. Training from an earlier job here always passes the employer
 *   check; training from another employer also needs `priorTrainingAccepted`.
 * - A late completion still makes the worker compliant from that day on.
 */

/** Certificates whose validity ends within this many days (inclusive) are "expiring". */
export const EXPIRING_WITHIN_DAYS = 60;

/**
 * The one renewal rule. A worker holding a valid certificate may take the quiz again once it
 * ends within EXPIRING_WITHIN_DAYS (the same window that makes a roster row "expiring"), or as
 * soon as their employer's law asks for training again — their roster row is due, overdue,
 * expiring or expired, which happens when the law renews sooner than the certificate ends.
 */
export function renewalOpen(validUntil: string, today: string, status?: Pick<ComplianceStatus, "kind"> | null): boolean {
  if (status && (status.kind === "due" || status.kind === "overdue" || status.kind === "expiring" || status.kind === "expired")) return true;
  return daysBetween(today, validUntil) <= EXPIRING_WITHIN_DAYS;
}

export interface Completion {
  /** A certificate's id, or an external completion's id. */
  certificateId: string;
  /** The certificate code as printed (7KX4P-DEM24-QRT9H); for an external completion, the course it was (provider — course). */
  code: string;
  completedOn: string;
  employerId: string;
  revoked: boolean;
  /** This platform's certificate, or a completion the employer recorded from an outside course. */
  source: "platform" | "external";
}

export interface ComplianceInput {
  rule: Policy;
  jobRole: string;
  hireDate: string;
  terminationDate: string | null;
  employerId: string;
  completions: Completion[];
  /** Whether this platform's course meets the rule for the worker's role (course-fit.ts). */
  platformCounts: boolean;
  today: string;
}

export type ComplianceStatus =
  | { kind: "not-covered" }
  /** dueDate null: the law names no deadline, training is still required. */
  | { kind: "due"; dueDate: string | null }
  | { kind: "overdue"; dueDate: string }
  | { kind: "compliant"; completedOn: string; validUntil: string | null; certificateId: string }
  | { kind: "expiring"; completedOn: string; validUntil: string; certificateId: string }
  | { kind: "expired"; completedOn: string; expiredOn: string; dueDate: string; certificateId: string };

export interface TrainingCycle {
  /** 1-based; cycle 1 is the new-hire training. */
  index: number;
  /** Null only for a first cycle whose law names no window. */
  dueDate: string | null;
  /** The completion that closed this cycle; null while the cycle is still open. */
  completion: Completion | null;
  completedLate: boolean;
  /** Last day the closing completion is valid; null when open or when the rule has no renewal. */
  validUntil: string | null;
}

/**
 * The last day of the first-training window: hire + N days ("not later than the 90th day after
 * the date the employee is hired"), or the same calendar day N months on ("within six months of
 * employment", clamped: Aug 31 + 6 months → Feb 28/29). Null when the law names no window.
 */
export function dueDate(hireDate: string, rule: Policy): string | null {
  const window = ruleTerms(rule).firstTraining;
  parseIsoDate(hireDate, "hireDate");
  if (window === null) return null;
  return "days" in window ? addDays(hireDate, window.days, "hireDate") : addMonths(hireDate, window.months, "hireDate");
}

/** Last day a completion is valid, or null when the rule asks for no renewal. */
function validUntilOf(completedOn: string, rule: Policy): string | null {
  const months = ruleTerms(rule).renewalMonths;
  if (months === null) return null;
  return validThrough(completedOn, months, "completedOn");
}

function asOfDate(input: ComplianceInput): string {
  parseIsoDate(input.today, "today");
  if (input.terminationDate === null) return input.today;
  parseIsoDate(input.terminationDate, "terminationDate");
  return input.terminationDate < input.today ? input.terminationDate : input.today;
}

/** The completions that count as of `asOf`, oldest first (ties broken by certificate id). */
function countingCompletions(input: ComplianceInput, asOf: string): Completion[] {
  const { rule, hireDate, employerId } = input;
  parseIsoDate(hireDate, "hireDate");
  return input.completions
    .filter((c) => {
      parseIsoDate(c.completedOn, "completedOn");
      if (c.revoked || c.completedOn > asOf) return false;
      if (c.source === "platform" && !input.platformCounts) return false;
      if (c.employerId !== employerId && !ruleTerms(rule).priorTrainingAccepted) return false;
      if (c.completedOn < hireDate) {
        const until = validUntilOf(c.completedOn, rule);
        if (until !== null && until < hireDate) return false;
      }
      return true;
    })
    .sort((a, b) =>
      a.completedOn === b.completedOn
        ? a.certificateId < b.certificateId
          ? -1
          : a.certificateId > b.certificateId
            ? 1
            : 0
        : a.completedOn < b.completedOn
          ? -1
          : 1,
    );
}

function covered(input: ComplianceInput): boolean {
  return ruleTerms(input.rule).coveredRoles.includes(input.jobRole);
}

export function complianceStatus(input: ComplianceInput): ComplianceStatus {
  if (!covered(input)) return { kind: "not-covered" };
  const asOf = asOfDate(input);
  const counting = countingCompletions(input, asOf);
  const newest = counting[counting.length - 1];

  if (newest === undefined) {
    const due = dueDate(input.hireDate, input.rule);
    return due === null || asOf <= due ? { kind: "due", dueDate: due } : { kind: "overdue", dueDate: due };
  }

  const { completedOn, certificateId } = newest;
  const validUntil = validUntilOf(completedOn, input.rule);
  if (validUntil === null) return { kind: "compliant", completedOn, validUntil, certificateId };
  if (asOf <= validUntil) {
    return renewalOpen(validUntil, asOf)
      ? { kind: "expiring", completedOn, validUntil, certificateId }
      : { kind: "compliant", completedOn, validUntil, certificateId };
  }
  const expiredOn = addDays(validUntil, 1);
  return { kind: "expired", completedOn, expiredOn, dueDate: expiredOn, certificateId };
}

/**
 * The training history, oldest first. Cycle 1 is due at hire + window; each later cycle is due
 * the day after the previous completion's validity ends. A cycle is closed by the newest
 * counting completion dated on or before its due date (early renewals within one cycle
 * collapse into the newest); if there is none, the first completion after the due date closes
 * it late. Stops after the cycle that contains the as-of date: an open cycle, or the one
 * closed by the newest counting completion (an early renewal closes the next cycle before its
 * due date, so the last cycle always shows the certificate complianceStatus reports), or the
 * only cycle of a rule without renewal — whose later
 * completions change nothing, though complianceStatus reports the newest certificate).
 * Empty for a role the rule does not cover.
 */
export function trainingCycles(input: ComplianceInput): TrainingCycle[] {
  if (!covered(input)) return [];
  const asOf = asOfDate(input);
  const counting = countingCompletions(input, asOf);
  const cycles: TrainingCycle[] = [];
  let next = 0; // first completion not yet used by a cycle
  let due: string | null = dueDate(input.hireDate, input.rule);

  for (let index = 1; ; index++) {
    let last = next;
    while (due !== null && last < counting.length && counting[last]!.completedOn <= due) last++;
    let closing: Completion | undefined;
    let completedLate = false;
    if (due === null) {
      // No deadline in the law: the first completion closes the first cycle, on time.
      if (next < counting.length) closing = counting[next++];
    } else if (last > next) {
      closing = counting[last - 1];
      next = last;
    } else if (next < counting.length) {
      closing = counting[next];
      completedLate = true;
      next += 1;
    }

    if (closing === undefined) {
      cycles.push({ index, dueDate: due, completion: null, completedLate: false, validUntil: null });
      return cycles;
    }
    const validUntil = validUntilOf(closing.completedOn, input.rule);
    cycles.push({ index, dueDate: due, completion: { ...closing }, completedLate, validUntil });
    // Early renewals (completions still waiting after a cycle that covers the as-of date)
    // close the next cycle ahead of its due date.
    if (validUntil === null || (validUntil >= asOf && next >= counting.length)) return cycles;
    due = addDays(validUntil, 1);
  }
}

/** A status as the stored roster row holds it (employment_status columns). */
export interface StatusColumns {
  kind: ComplianceStatus["kind"];
  dueDate: string | null;
  completedOn: string | null;
  validUntil: string | null;
  expiredOn: string | null;
  certificateId: string | null;
  /** The date that matters for the row: when it is due, lapsed or runs out; null = none. */
  deadline: string | null;
}

/** The columns a status is stored as. */
export function statusColumns(s: ComplianceStatus): StatusColumns {
  const none = { dueDate: null, completedOn: null, validUntil: null, expiredOn: null, certificateId: null };
  switch (s.kind) {
    case "not-covered":
      return { kind: s.kind, ...none, deadline: null };
    case "due":
    case "overdue":
      return { kind: s.kind, ...none, dueDate: s.dueDate, deadline: s.dueDate };
    case "compliant":
    case "expiring":
      return { kind: s.kind, ...none, completedOn: s.completedOn, validUntil: s.validUntil, certificateId: s.certificateId, deadline: s.validUntil };
    case "expired":
      return { kind: s.kind, ...none, completedOn: s.completedOn, expiredOn: s.expiredOn, dueDate: s.dueDate, certificateId: s.certificateId, deadline: s.expiredOn };
  }
}

/** The status a stored row holds (the inverse of `statusColumns`). */
export function statusFromColumns(c: Omit<StatusColumns, "deadline">): ComplianceStatus {
  const need = (v: string | null, what: string) => {
    if (v === null) throw new Error(`stored ${c.kind} status without ${what}`);
    return v;
  };
  switch (c.kind) {
    case "not-covered":
      return { kind: "not-covered" };
    case "due":
      return { kind: "due", dueDate: c.dueDate };
    case "overdue":
      return { kind: "overdue", dueDate: need(c.dueDate, "due date") };
    case "compliant":
      return { kind: "compliant", completedOn: need(c.completedOn, "completion"), validUntil: c.validUntil, certificateId: need(c.certificateId, "certificate") };
    case "expiring":
      return { kind: "expiring", completedOn: need(c.completedOn, "completion"), validUntil: need(c.validUntil, "end of validity"), certificateId: need(c.certificateId, "certificate") };
    case "expired":
      return { kind: "expired", completedOn: need(c.completedOn, "completion"), expiredOn: need(c.expiredOn, "lapse"), dueDate: need(c.dueDate, "due date"), certificateId: need(c.certificateId, "certificate") };
  }
}
