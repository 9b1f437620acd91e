import { describe, expect, it } from "vitest";
import type { ComplianceStatus } from "#app/domain/compliance.ts";
import { readCsv } from "#app/domain/csv.ts";
import { addDays } from "#app/domain/dates.ts";
import { isOverdue, nextReminder } from "#app/domain/reminders.ts";
import { futureHires, parseRosterCsv, SAMPLE_COLUMNS, sampleRosterCsv } from "#app/domain/roster-import.ts";
import type { RowContext } from "#app/domain/roster-row.ts";

const today = "2026-05-10";

describe("nextReminder: the reminder today, else the next one coming", () => {
  const cases: [string, ComplianceStatus, ReturnType<typeof nextReminder>][] = [
    ["due within 14 days: today", { kind: "due", dueDate: "2026-05-20" }, { kind: "due-soon", date: "2026-05-20", on: today }],
    ["due in 30 days: 14 days before", { kind: "due", dueDate: "2026-06-09" }, { kind: "due-soon", date: "2026-06-09", on: "2026-05-26" }],
    ["a law with no deadline: none", { kind: "due", dueDate: null }, null],
    ["overdue: today", { kind: "overdue", dueDate: "2026-05-01" }, { kind: "overdue", date: "2026-05-01", on: today }],
    ["valid for a year more: 60 days before it ends", { kind: "compliant", completedOn: "2026-01-01", validUntil: "2026-12-31", certificateId: "c" }, { kind: "expiring", date: "2026-12-31", on: "2026-11-01" }],
    ["valid with no end: none", { kind: "compliant", completedOn: "2026-01-01", validUntil: null, certificateId: "c" }, null],
    ["not covered: none", { kind: "not-covered" }, null],
  ];
  for (const [name, status, expected] of cases) it(name, () => expect(nextReminder(status, today)).toEqual(expected));

  it("counts a lapsed renewal as overdue, not a coming deadline", () => {
    expect(isOverdue("overdue")).toBe(true);
    expect(isOverdue("expired")).toBe(true);
    expect(isOverdue("due-soon")).toBe(false);
    expect(isOverdue("expiring")).toBe(false);
  });
});

describe("the import's sample file and future hire dates", () => {
  const ctx: RowContext = {
    roles: [
      { id: "transit-operator", label: "Bus or rail operator, driver" },
      { id: "station-agent", label: "Station, terminal or ticket agent" },
    ],
    sites: [{ id: "s1", name: "North garage" }],
    today,
  };

  it("has every column the import reads and reads back through the import with no problem, in the employer's roles and sites", () => {
    const csv = sampleRosterCsv(ctx, (iso, n) => addDays(iso, n));
    const rows = readCsv(csv);
    expect(rows[0]).toEqual([...SAMPLE_COLUMNS]);
    expect(SAMPLE_COLUMNS).toEqual(["name", "employee_id", "role", "site", "hire_date", "email", "phone", "language"]);
    const parsed = parseRosterCsv(csv, ctx);
    expect(parsed.errors).toEqual([]);
    expect(new Set(parsed.rows.map((r) => r.jobRole))).toEqual(new Set(["transit-operator", "station-agent"]));
    expect(parsed.rows.some((r) => r.siteId === "s1") && parsed.rows.some((r) => r.siteId === null)).toBe(true);
    expect(parsed.rows.every((r) => r.hireDate < today)).toBe(true);
    expect(futureHires(parsed.rows, today)).toEqual([]);
  });

  it("futureHires lists the rows hired after today, not today's", () => {
    const parsed = parseRosterCsv(["name,employee_id,role,site,hire_date", `A,1,station-agent,,${today}`, "B,2,station-agent,,2026-05-11"].join("\n"), ctx);
    expect(futureHires(parsed.rows, today).map((r) => r.fullName)).toEqual(["B"]);
  });
});
