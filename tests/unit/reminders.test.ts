import { describe, expect, it } from "vitest";
import type { ComplianceStatus } from "#app/domain/compliance.ts";
import { attentionFor, DIGEST_NAMES_PER_CATEGORY, digestItem, usableEmail, type DigestItem, type ReminderEntry } from "#app/domain/reminders.ts";
import { adminDigest, workerReminder } from "#app/email/reminders.server.ts";
import { formatDate } from "#app/i18n/format.ts";

const TODAY = "2026-05-01";
const ORIGIN = "https://frontline.example.org/";

/** Calendar-day arithmetic written independently of the code under test. */
function day(iso: string, n: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function entry(status: ComplianceStatus, over: Partial<ReminderEntry> = {}): ReminderEntry {
  return { employmentId: "emp-1", fullName: "Ana López", email: "ana@example.org", status, former: false, ...over };
}

const due = (n: number): ComplianceStatus => ({ kind: "due", dueDate: day(TODAY, n) });

describe("which workers get a reminder", () => {
  it("first training due in 15 days: none yet; in 14 days: due-soon (inclusive edge)", () => {
    expect(workerReminder("Lakeside", entry(due(15)), TODAY, ORIGIN)).toBeNull();
    const r = workerReminder("Lakeside", entry(due(14)), TODAY, ORIGIN);
    expect(r?.dedupeKey).toBe(`worker:emp-1:due-soon:${day(TODAY, 14)}`);
  });

  it("due today and due tomorrow are due-soon", () => {
    expect(workerReminder("Lakeside", entry(due(0)), TODAY, ORIGIN)?.dedupeKey).toBe(`worker:emp-1:due-soon:${TODAY}`);
    expect(workerReminder("Lakeside", entry(due(1)), TODAY, ORIGIN)?.body).toContain("(tomorrow)");
  });

  it("overdue: reminded, keyed by the missed due date", () => {
    const r = workerReminder("Lakeside", entry({ kind: "overdue", dueDate: "2026-04-20" }), TODAY, ORIGIN);
    expect(r?.dedupeKey).toBe("worker:emp-1:overdue:2026-04-20");
    expect(r?.subject).toBe("Your training was due on Monday, April 20, 2026");
    expect(r?.body).toContain("It is not too late");
  });

  it("expiring: reminded, keyed by the last valid day", () => {
    const status: ComplianceStatus = { kind: "expiring", completedOn: "2025-06-10", validUntil: "2026-06-09", certificateId: "c1" };
    const r = workerReminder("Lakeside", entry(status), TODAY, ORIGIN);
    expect(r?.dedupeKey).toBe("worker:emp-1:expiring:2026-06-09");
    expect(r?.subject).toBe("Your training certificate is valid through Tuesday, June 9, 2026");
  });

  it("expired: renewal reminder keyed by the renewal due date", () => {
    const status: ComplianceStatus = { kind: "expired", completedOn: "2025-04-10", expiredOn: "2026-04-10", dueDate: "2026-04-10", certificateId: "c1" };
    expect(workerReminder("Lakeside", entry(status), TODAY, ORIGIN)?.dedupeKey).toBe("worker:emp-1:expired:2026-04-10");
  });

  it("compliant and not-covered workers get none", () => {
    const compliant: ComplianceStatus = { kind: "compliant", completedOn: "2026-01-10", validUntil: "2027-01-09", certificateId: "c1" };
    expect(workerReminder("Lakeside", entry(compliant), TODAY, ORIGIN)).toBeNull();
    expect(workerReminder("Lakeside", entry({ kind: "not-covered" }), TODAY, ORIGIN)).toBeNull();
  });

  it("former staff get none, whatever their status", () => {
    expect(workerReminder("Lakeside", entry(due(3), { former: true }), TODAY, ORIGIN)).toBeNull();
    expect(workerReminder("Lakeside", entry({ kind: "overdue", dueDate: "2026-04-01" }, { former: true }), TODAY, ORIGIN)).toBeNull();
  });

  it("no (usable) email: none", () => {
    expect(workerReminder("Lakeside", entry(due(3), { email: null }), TODAY, ORIGIN)).toBeNull();
    expect(workerReminder("Lakeside", entry(due(3), { email: "   " }), TODAY, ORIGIN)).toBeNull();
    expect(workerReminder("Lakeside", entry(due(3), { email: "a@b.org, c@d.org" }), TODAY, ORIGIN)).toBeNull();
    expect(usableEmail("  Ana@Example.ORG ")).toBe("ana@example.org");
  });

  it("the same reminder has the same key on every day it applies; a new deadline is a new key", () => {
    const dueDate = day(TODAY, 10);
    const keys = [0, 1, 5, 10].map((n) => workerReminder("L", entry({ kind: "due", dueDate }), day(TODAY, n), ORIGIN)?.dedupeKey);
    expect(new Set(keys)).toEqual(new Set([`worker:emp-1:due-soon:${dueDate}`]));
    const overdue = [1, 2, 30].map((n) => workerReminder("L", entry({ kind: "overdue", dueDate }), day(dueDate, n), ORIGIN)?.dedupeKey);
    expect(new Set(overdue)).toEqual(new Set([`worker:emp-1:overdue:${dueDate}`]));
    const first = workerReminder("L", entry({ kind: "expiring", completedOn: "2025-06-10", validUntil: "2026-06-09", certificateId: "c1" }), TODAY, ORIGIN);
    const renewed = workerReminder("L", entry({ kind: "expiring", completedOn: "2026-06-01", validUntil: "2027-05-31", certificateId: "c2" }), "2027-05-01", ORIGIN);
    expect(first?.dedupeKey).not.toBe(renewed?.dedupeKey);
    // Another employment of the same person is another reminder.
    expect(workerReminder("L", entry(due(3), { employmentId: "emp-2" }), TODAY, ORIGIN)?.dedupeKey).toBe(`worker:emp-2:due-soon:${day(TODAY, 3)}`);
  });
});

describe("what a reminder says", () => {
  it("what is due and by when, the sign-in link, about 30 minutes, can be paused; only this worker's data", () => {
    const r = workerReminder("Lakeside Inn", entry(due(10)), TODAY, ORIGIN)!;
    const when = formatDate(day(TODAY, 10), "en", "full");
    expect(when).toBe("Monday, May 11, 2026");
    expect(r.subject).toBe(`Reminder: your training is due by ${when}`);
    expect(r.body).toContain("Hello Ana López,");
    expect(r.body).toContain(`Yours is due by ${when} (in 10 days)`);
    expect(r.body).toContain("https://frontline.example.org/learn\n");
    expect(r.body).toContain("about 30 minutes");
    expect(r.body).toMatch(/pause/);
    expect(r.body).toContain("Lakeside Inn");
    expect(r.body).not.toMatch(/failed|fail to|penalt|discipline|warning|final notice/i);
    expect(r.body).not.toContain("emp-1");
    expect(r.body).not.toContain("ana@example.org");
  });
});

describe("admin digest", () => {
  it("is null when nothing needs attention", () => {
    expect(adminDigest("Lakeside", "admin-1", TODAY, [], ORIGIN)).toBeNull();
  });

  it("one per admin per day; counts and names per category; unreachable workers flagged; former staff left out", () => {
    const entries: ReminderEntry[] = [
      entry(due(3), { employmentId: "a", fullName: "Ana" }),
      entry(due(20), { employmentId: "b", fullName: "Ben" }),
      entry({ kind: "overdue", dueDate: "2026-04-01" }, { employmentId: "c", fullName: "Cleo", email: null }),
      entry({ kind: "overdue", dueDate: "2026-03-01" }, { employmentId: "d", fullName: "Dev" }),
      entry({ kind: "expiring", completedOn: "2025-06-10", validUntil: "2026-06-09", certificateId: "x" }, { employmentId: "e", fullName: "Eli" }),
      entry({ kind: "overdue", dueDate: "2026-04-01" }, { employmentId: "f", fullName: "Former Fay", former: true }),
    ];
    const items = entries.map((e) => digestItem(e, TODAY)).filter((i): i is DigestItem => i !== null);
    expect(items.map((i) => i.fullName)).toEqual(["Ana", "Cleo", "Dev", "Eli"]);
    const d = adminDigest("Lakeside Inn", "admin-1", TODAY, items, ORIGIN)!;
    expect(d.dedupeKey).toBe(`digest:admin-1:${TODAY}`);
    expect(adminDigest("Lakeside Inn", "admin-1", day(TODAY, 1), items, ORIGIN)!.dedupeKey).toBe(`digest:admin-1:${day(TODAY, 1)}`);
    expect(d.subject).toContain("2 overdue, 1 due soon, 1 expiring");
    expect(d.body).toContain("Overdue (first training): 2");
    expect(d.body).toContain("Due within 14 days: 1");
    expect(d.body).toContain("Certificate expiring soon: 1");
    expect(d.body).toMatch(/Dev, was due .*\n {2}- Cleo, was due .*no email on file/); // oldest deadline first
    expect(d.body).not.toContain("Ben");
    expect(d.body).not.toContain("Fay");
    expect(d.body).toContain("https://frontline.example.org/employer/roster");
  });

  it("lists at most DIGEST_NAMES_PER_CATEGORY names per category and counts the rest", () => {
    const items: DigestItem[] = Array.from({ length: DIGEST_NAMES_PER_CATEGORY + 7 }, (_, i) => ({
      kind: "overdue",
      date: "2026-04-01",
      fullName: `Worker ${String(i).padStart(3, "0")}`,
      emailed: true,
    }));
    const d = adminDigest("Lakeside", "admin-1", TODAY, items)!;
    expect(d.body).toContain(`Overdue (first training): ${DIGEST_NAMES_PER_CATEGORY + 7}`);
    expect(d.body).toContain("… and 7 more");
    expect(d.body.match(/^ {2}- Worker/gm)).toHaveLength(DIGEST_NAMES_PER_CATEGORY);
  });
});

describe("attentionFor", () => {
  it("maps statuses to reminder kinds", () => {
    expect(attentionFor(due(14), TODAY)).toEqual({ kind: "due-soon", date: day(TODAY, 14) });
    expect(attentionFor(due(15), TODAY)).toBeNull();
    expect(attentionFor({ kind: "not-covered" }, TODAY)).toBeNull();
  });
});
