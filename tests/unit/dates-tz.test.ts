import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * The server must not depend on its time zone: the date functions (and the domain rules built
 * on them) give the same answers in a process running far west and far east of UTC. Each zone
 * runs tests/support/dates-probe.ts in its own process, since a zone is fixed at start-up.
 */
const EXPECTED = {
  toIsoDate: ["2024-03-10", "2024-03-09", "2024-11-03", "2026-12-31", "2026-12-31", "2027-01-01"],
  expiryDate: ["2025-03-09", "2025-03-08", "2025-11-02", "2027-12-30", "2027-12-30", "2027-12-31"],
  certificateStatus: ["valid", "valid", "valid", "valid", "valid", "expired"],
  addDays: ["2024-03-10", "2024-03-11", "2024-11-04", "2024-04-07"],
  addMonths: ["2024-02-29", "2024-11-30", "2024-02-29"],
  daysBetween: [31, 31, 366],
  startOfDayMs: [Date.parse("2024-03-10T00:00:00Z"), Date.parse("2024-11-03T00:00:00Z")],
  monthKey: "2024-03",
  endOfMonth: "2024-02-29",
  formatDate: ["Sunday, March 10, 2024", "domingo, 3 de noviembre de 2024"],
};

function probeIn(tz: string) {
  const out = execFileSync(process.execPath, ["--import", "tsx", "tests/support/dates-probe.ts"], { env: { ...process.env, TZ: tz }, encoding: "utf8" });
  return JSON.parse(out) as typeof EXPECTED & { offsetJanuaryMinutes: number };
}

describe("dates do not depend on the time zone", () => {
  it.each([
    ["UTC", 0],
    ["America/Los_Angeles", 480],
    ["Asia/Tokyo", -540],
  ])("TZ=%s", (tz, offset) => {
    const { offsetJanuaryMinutes, ...got } = probeIn(tz);
    expect(offsetJanuaryMinutes).toBe(offset); // the zone really is in effect
    expect(got).toEqual(EXPECTED);
  }, 30_000);
});
