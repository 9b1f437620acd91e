import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, expect, it } from "vitest";
import {
  complianceStatus,
  dueDate,
  EXPIRING_WITHIN_DAYS,
  trainingCycles,
  type Completion,
  type ComplianceInput,
} from "#app/domain/compliance.ts";
import { addMonths } from "#app/domain/dates.ts";
import { PolicySchema, ruleTerms, type Policy } from "#app/domain/policy-schema.ts";

const DIR = path.resolve("content/policies");
const rules: Policy[] = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => PolicySchema.parse(YAML.parse(fs.readFileSync(path.join(DIR, f), "utf8"))));
// A bill that never became law (Washington) is kept on file but computes no status.
const inForce = rules.filter((r) => r.status === "in-force");

const EMPLOYER = "emp-here";
const OTHER = "emp-elsewhere";
const HIRE = "2026-01-15";

/** Calendar-day arithmetic written independently of the code under test. */
function day(iso: string, n: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Last valid day of a completion: the day before the same date renewalMonths later. */
function lastValidDay(completedOn: string, months: number): string {
  return day(addMonths(completedOn, months), -1);
}

function done(completedOn: string, extra: Partial<Completion> = {}): Completion {
  return {
    certificateId: `cert-${completedOn}`,
    code: "FR-TEST",
    completedOn,
    employerId: EMPLOYER,
    revoked: false,
    source: "platform",
    ...extra,
  };
}

function input(rule: Policy, today: string, extra: Partial<ComplianceInput> = {}): ComplianceInput {
  return {
    rule,
    jobRole: rule.coveredRoles.value![0]!,
    hireDate: HIRE,
    terminationDate: null,
    employerId: EMPLOYER,
    completions: [],
    platformCounts: true,
    today,
    ...extra,
  };
}

/** The same day `n` calendar months later, clamped to the month's end (independent of the code under test). */
function monthsLater(iso: string, n: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}

/** A rule's first-training window read independently: "days" add days, "months" add calendar months. */
function windowEnd(rule: Policy, hire: string): string | null {
  const w = rule.firstTraining.value;
  return w === null ? null : "days" in w ? day(hire, w.days) : monthsLater(hire, w.months);
}

/** A copy of a rule with other figures (the engine reads them through ruleTerms). */
function withTerms(rule: Policy, t: { days?: number | null; months?: number | null; prior?: boolean }): Policy {
  const copy = structuredClone(rule);
  if (t.days !== undefined) copy.firstTraining = { ...copy.firstTraining, value: t.days === null ? null : { days: t.days } };
  if (t.months !== undefined) copy.renewal = { ...copy.renewal, value: t.months === null ? null : { months: t.months } };
  if (t.prior !== undefined) copy.priorTraining = { ...copy.priorTraining, value: t.prior };
  return copy;
}

/** Expected first due date for a leap-day hire (2024-02-29), per training window. */
const LEAP_DUE: Record<string, string> = { "days 0": "2024-02-29", "days 60": "2024-04-29", "days 90": "2024-05-29", "months 6": "2024-08-29" };
/** Expected last valid day of a 2024-02-29 completion, per renewal period. */
const LEAP_VALID_UNTIL: Record<number, string> = { 12: "2025-02-27", 24: "2026-02-27" };

it("loads every shipped rule", () => {
  expect(rules.length).toBeGreaterThanOrEqual(7);
});

// Each shipped rule as its file states it; a rule whose law names no window is tested with a
// 90-day window here (its own no-deadline behaviour is tested below), so every path runs.
describe.each(inForce.map((r) => [r.id, r.firstTraining.value === null ? withTerms(r, { days: 90 }) : r] as const))("%s", (_id, rule) => {
  const due = windowEnd(rule, HIRE)!;
  const trained = day(HIRE, 10);
  const months = rule.renewal.value?.months ?? null;

  describe("coverage", () => {
    it("is not covered for an unknown role or a role of the other sector", () => {
      const otherSector = rule.sector === "lodging" ? "transit-operator" : "front-desk";
      for (const jobRole of ["not-a-role", otherSector]) {
        const i = input(rule, HIRE, { jobRole, completions: [done(trained)] });
        expect(complianceStatus(i)).toEqual({ kind: "not-covered" });
        expect(trainingCycles(i)).toEqual([]);
      }
    });

    it("covers every listed role", () => {
      for (const jobRole of rule.coveredRoles.value!) {
        expect(complianceStatus(input(rule, HIRE, { jobRole })).kind).toBe("due");
      }
    });
  });

  describe("first training", () => {
    it("is due at the end of the window the law names", () => {
      expect(dueDate(HIRE, rule)).toBe(due);
    });

    it("is due the day before and on the due date, overdue the day after", () => {
      expect(complianceStatus(input(rule, day(due, -1)))).toEqual({ kind: "due", dueDate: due });
      expect(complianceStatus(input(rule, due))).toEqual({ kind: "due", dueDate: due });
      expect(complianceStatus(input(rule, day(due, 1)))).toEqual({ kind: "overdue", dueDate: due });
    });

    it("is satisfied by a completion on the due date", () => {
      const s = complianceStatus(input(rule, due, { completions: [done(due)] }));
      expect(s).toMatchObject({ kind: "compliant", completedOn: due, certificateId: `cert-${due}` });
    });

    it("makes a late learner compliant from the day they train", () => {
      const late = day(due, 5);
      const i = input(rule, late, { completions: [done(late)] });
      expect(complianceStatus(input(rule, day(late, -1), { completions: [done(late)] })).kind).toBe("overdue");
      expect(complianceStatus(i)).toMatchObject({ kind: "compliant", completedOn: late });
      expect(trainingCycles(i)).toEqual([
        {
          index: 1,
          dueDate: due,
          completion: done(late),
          completedLate: true,
          validUntil: months === null ? null : lastValidDay(late, months),
        },
      ]);
    });

    it("ignores a completion dated after the as-of date", () => {
      expect(complianceStatus(input(rule, day(due, 1), { completions: [done(day(due, 2))] }))).toEqual({
        kind: "overdue",
        dueDate: due,
      });
    });
  });

  describe("validity and renewal", () => {
    if (months === null) {
      it("never lapses without a renewal period", () => {
        const far = day(trained, 365 * 30);
        expect(complianceStatus(input(rule, far, { completions: [done(trained)] }))).toEqual({
          kind: "compliant",
          completedOn: trained,
          validUntil: null,
          certificateId: `cert-${trained}`,
        });
        expect(trainingCycles(input(rule, far, { completions: [done(trained)] }))).toHaveLength(1);
      });
      return;
    }

    const until = lastValidDay(trained, months);
    const at = (today: string) => complianceStatus(input(rule, today, { completions: [done(trained)] }));

    it(`is compliant ${EXPIRING_WITHIN_DAYS + 1} days before the lapse and expiring at ${EXPIRING_WITHIN_DAYS}`, () => {
      expect(EXPIRING_WITHIN_DAYS).toBe(60);
      expect(at(day(until, -61))).toEqual({
        kind: "compliant",
        completedOn: trained,
        validUntil: until,
        certificateId: `cert-${trained}`,
      });
      expect(at(day(until, -60))).toEqual({
        kind: "expiring",
        completedOn: trained,
        validUntil: until,
        certificateId: `cert-${trained}`,
      });
    });

    it("is expiring on the last valid day and expired the day after", () => {
      expect(at(until).kind).toBe("expiring");
      const lapse = day(until, 1);
      expect(lapse).toBe(addMonths(trained, months));
      expect(at(lapse)).toEqual({
        kind: "expired",
        completedOn: trained,
        expiredOn: lapse,
        dueDate: lapse,
        certificateId: `cert-${trained}`,
      });
    });

    it("opens a new cycle due the day after validity ends", () => {
      const lapse = day(until, 1);
      const retrained = day(lapse, 3);
      const before = input(rule, day(lapse, 1), { completions: [done(trained)] });
      expect(trainingCycles(before)).toEqual([
        { index: 1, dueDate: due, completion: done(trained), completedLate: false, validUntil: until },
        { index: 2, dueDate: lapse, completion: null, completedLate: false, validUntil: null },
      ]);
      const after = input(rule, retrained, { completions: [done(retrained), done(trained)] });
      expect(complianceStatus(after)).toMatchObject({ kind: "compliant", completedOn: retrained });
      expect(trainingCycles(after).map((c) => [c.index, c.dueDate, c.completion?.completedOn, c.completedLate])).toEqual([
        [1, due, trained, false],
        [2, lapse, retrained, true],
      ]);
    });

    it("groups early renewals into one cycle, newest wins", () => {
      const lapse = day(until, 1);
      const early1 = day(until, -50);
      const early2 = day(until, -20);
      const i = input(rule, day(until, -10), { completions: [done(early2), done(trained), done(early1)] });
      const cycles = trainingCycles(i);
      expect(cycles.map((c) => [c.dueDate, c.completion?.completedOn, c.validUntil])).toEqual([
        [due, trained, until],
        [lapse, early2, lastValidDay(early2, months)],
      ]);
      expect(complianceStatus(i)).toMatchObject({ kind: "compliant", completedOn: early2 });
    });
  });

  describe("former staff", () => {
    it("is evaluated as of the termination date", () => {
      const terminationDate = day(trained, 100);
      const today = day(trained, 365 * 5);
      const s = complianceStatus(input(rule, today, { terminationDate, completions: [done(trained)] }));
      expect(s).toMatchObject({ kind: "compliant", completedOn: trained });
    });

    it("is never overdue after leaving before the due date", () => {
      const terminationDate = day(due, -1);
      const s = complianceStatus(input(rule, day(due, 400), { terminationDate }));
      expect(s).toEqual({ kind: "due", dueDate: due });
      expect(trainingCycles(input(rule, day(due, 400), { terminationDate }))).toEqual([
        { index: 1, dueDate: due, completion: null, completedLate: false, validUntil: null },
      ]);
    });

    it("ignores training after the termination date", () => {
      const terminationDate = day(due, 1);
      const s = complianceStatus(input(rule, day(due, 30), { terminationDate, completions: [done(day(due, 2))] }));
      expect(s).toEqual({ kind: "overdue", dueDate: due });
    });

    it("uses today when the termination date is still ahead", () => {
      const s = complianceStatus(input(rule, day(due, 1), { terminationDate: day(due, 30) }));
      expect(s).toEqual({ kind: "overdue", dueDate: due });
    });
  });

  describe("training from before this job", () => {
    const prior = day(HIRE, -30);
    // A few days into the job, still inside the window (a law that trains "at the time of hire" has none).
    const soon = due < day(HIRE, 5) ? due : day(HIRE, 5);

    it(`${ruleTerms(rule).priorTrainingAccepted ? "accepts" : "refuses"} a valid completion from a previous employer`, () => {
      const i = input(rule, soon, { completions: [done(prior, { employerId: OTHER })] });
      if (ruleTerms(rule).priorTrainingAccepted) {
        expect(complianceStatus(i)).toMatchObject({ kind: "compliant", completedOn: prior, certificateId: `cert-${prior}` });
        expect(trainingCycles(i)[0]).toMatchObject({ dueDate: due, completedLate: false });
        expect(trainingCycles(i)[0]!.completion?.employerId).toBe(OTHER);
      } else {
        expect(complianceStatus(i)).toEqual({ kind: "due", dueDate: due });
      }
    });

    it("follows the flag when it is flipped", () => {
      const flipped = withTerms(rule, { prior: !ruleTerms(rule).priorTrainingAccepted });
      const s = complianceStatus(input(flipped, soon, { completions: [done(prior, { employerId: OTHER })] }));
      expect(s.kind).toBe(ruleTerms(flipped).priorTrainingAccepted ? "compliant" : "due");
    });

    it("never counts another employer's training when refused, even after hire", () => {
      const strict = withTerms(rule, { prior: false });
      const s = complianceStatus(input(strict, day(due, 1), { completions: [done(trained, { employerId: OTHER })] }));
      expect(s).toEqual({ kind: "overdue", dueDate: due });
    });

    it("counts training from an earlier job at this employer even when prior training is refused", () => {
      const strict = withTerms(rule, { prior: false });
      const s = complianceStatus(input(strict, soon, { completions: [done(prior)] }));
      expect(s).toMatchObject({ kind: "compliant", completedOn: prior });
    });

    if (months !== null) {
      it("ignores a completion that lapsed before the hire date", () => {
        const stale = addMonths(HIRE, -months); // valid through the day before the hire date
        expect(lastValidDay(stale, months)).toBe(day(HIRE, -1));
        const i = input(rule, soon, { completions: [done(stale)] });
        expect(complianceStatus(i)).toEqual({ kind: "due", dueDate: due });
        expect(trainingCycles(i)).toEqual([
          { index: 1, dueDate: due, completion: null, completedLate: false, validUntil: null },
        ]);
        const stillValid = day(stale, 1); // valid through the hire date itself
        expect(complianceStatus(input(rule, HIRE, { completions: [done(stillValid)] })).kind).toBe("expiring");
      });
    }
  });

  describe("revoked certificates", () => {
    it("never count", () => {
      const i = input(rule, day(due, 1), { completions: [done(trained, { revoked: true })] });
      expect(complianceStatus(i)).toEqual({ kind: "overdue", dueDate: due });
      expect(trainingCycles(i)[0]!.completion).toBeNull();
    });

    it("do not hide an older valid completion", () => {
      const older = done(trained);
      const newer = done(day(trained, 20), { revoked: true, certificateId: "revoked-one" });
      const s = complianceStatus(input(rule, day(trained, 30), { completions: [older, newer] }));
      expect(s).toMatchObject({ completedOn: trained, certificateId: `cert-${trained}` });
    });
  });

  describe("leap-day hire (2024-02-29)", () => {
    const leapHire = "2024-02-29";

    it("counts the window as the law words it", () => {
      const w = rule.firstTraining.value!;
      const key = "days" in w ? `days ${w.days}` : `months ${w.months}`;
      const expected = LEAP_DUE[key];
      expect(expected, `add ${key} to LEAP_DUE`).toBeDefined();
      expect(dueDate(leapHire, rule)).toBe(expected);
      expect(complianceStatus(input(rule, expected!, { hireDate: leapHire })).kind).toBe("due");
      expect(complianceStatus(input(rule, day(expected!, 1), { hireDate: leapHire })).kind).toBe("overdue");
    });

    it("clamps the renewal month to the end of February", () => {
      const i = (today: string) => input(rule, today, { hireDate: leapHire, completions: [done(leapHire)] });
      if (months === null) {
        expect(complianceStatus(i("2034-02-28"))).toMatchObject({ kind: "compliant", validUntil: null });
        return;
      }
      const until = LEAP_VALID_UNTIL[months];
      expect(until, `add ${months} to LEAP_VALID_UNTIL`).toBeDefined();
      expect(complianceStatus(i(until!))).toMatchObject({ kind: "expiring", validUntil: until });
      expect(complianceStatus(i(day(until!, 1)))).toMatchObject({
        kind: "expired",
        expiredOn: day(until!, 1),
        dueDate: day(until!, 1),
      });
      expect(day(until!, 1).slice(5)).toBe("02-28");
    });
  });

  it("does not mutate its input", () => {
    const completions = [done(day(trained, 400)), done(trained, { employerId: OTHER }), done(HIRE, { revoked: true })];
    const i = input(rule, day(trained, 900), { completions, terminationDate: day(trained, 800) });
    const snapshot = structuredClone(i);
    Object.freeze(i);
    completions.forEach((c) => Object.freeze(c));
    Object.freeze(completions);
    complianceStatus(i);
    const cycles = trainingCycles(i);
    expect(i).toEqual(snapshot);
    expect(i.completions.map((c) => c.completedOn)).toEqual(snapshot.completions.map((c) => c.completedOn));
    for (const c of cycles) if (c.completion) expect(completions).not.toContain(c.completion);
  });
});

describe("a synthetic annual rule", () => {
  const rule: Policy = withTerms(rules[0]!, { days: 90, months: 12, prior: true });
  const role = rule.coveredRoles.value![0]!;
  const mk = (today: string, completions: Completion[]): ComplianceInput => ({
    rule,
    jobRole: role,
    hireDate: "2025-01-10",
    terminationDate: null,
    employerId: EMPLOYER,
    completions,
    platformCounts: true,
    today,
  });

  it("walks several cycles oldest first and stops at the one containing the as-of date", () => {
    const completions = [done("2025-02-01"), done("2026-03-15"), done("2027-02-20")];
    const cycles = trainingCycles(mk("2027-06-01", completions));
    expect(cycles).toEqual([
      { index: 1, dueDate: "2025-04-10", completion: done("2025-02-01"), completedLate: false, validUntil: "2026-01-31" },
      { index: 2, dueDate: "2026-02-01", completion: done("2026-03-15"), completedLate: true, validUntil: "2027-03-14" },
      { index: 3, dueDate: "2027-03-15", completion: done("2027-02-20"), completedLate: false, validUntil: "2028-02-19" },
    ]);
    expect(trainingCycles(mk("2026-02-10", completions)).map((c) => c.index)).toEqual([1, 2]);
    expect(trainingCycles(mk("2026-02-10", completions))[1]!.completion).toBeNull();
    expect(complianceStatus(mk("2026-02-10", completions))).toEqual({
      kind: "expired",
      completedOn: "2025-02-01",
      expiredOn: "2026-02-01",
      dueDate: "2026-02-01",
      certificateId: "cert-2025-02-01",
    });
  });

  it("lets a valid prior-employer certificate close the first cycle and start the renewal clock", () => {
    const prior = done("2024-11-01", { employerId: OTHER });
    const cycles = trainingCycles(mk("2025-12-01", [prior]));
    expect(cycles.map((c) => [c.dueDate, c.completion?.completedOn ?? null, c.completedLate])).toEqual([
      ["2025-04-10", "2024-11-01", false],
      ["2025-11-01", null, false],
    ]);
    expect(complianceStatus(mk("2025-10-31", [prior]))).toMatchObject({ kind: "expiring", validUntil: "2025-10-31" });
  });

  it("rejects malformed dates", () => {
    expect(() => complianceStatus(mk("2025-13-01", []))).toThrow(RangeError);
    expect(() => complianceStatus(mk("2025-06-01", [done("2025-02-30")]))).toThrow(RangeError);
    expect(() => dueDate("10/01/2025", rule)).toThrow(RangeError);
  });
});

describe("renewalOpen", () => {
  it("opens on the first day of the expiring window (60 days before the last valid day) and stays open", async () => {
    const { renewalOpen } = await import("#app/domain/compliance.ts");
    expect(renewalOpen("2027-03-01", "2026-12-30")).toBe(false); // 61 days before
    expect(renewalOpen("2027-03-01", "2026-12-31")).toBe(true); // 60 days before
    expect(renewalOpen("2027-03-01", "2027-03-01")).toBe(true); // the last valid day
  });

  it("opens whenever the employer's law asks for training again, even far from the certificate's end", async () => {
    const { renewalOpen } = await import("#app/domain/compliance.ts");
    for (const kind of ["due", "overdue", "expiring", "expired"] as const) expect(renewalOpen("2028-03-01", "2026-12-30", { kind }), kind).toBe(true);
    for (const kind of ["compliant", "not-covered"] as const) expect(renewalOpen("2028-03-01", "2026-12-30", { kind }), kind).toBe(false);
  });

  it("is the rule that makes a roster row expiring: on every day of a cycle the two agree", async () => {
    const { renewalOpen } = await import("#app/domain/compliance.ts");
    const rule = inForce.find((r) => r.renewal.value?.months)!;
    const completedOn = day(HIRE, 10);
    const until = lastValidDay(completedOn, rule.renewal.value!.months);
    for (let today = completedOn; today <= until; today = day(today, 1)) {
      const status = complianceStatus(input(rule, today, { completions: [done(completedOn)] }));
      expect(status.kind === "expiring", today).toBe(renewalOpen(until, today));
    }
  });
});
