import { describe, expect, it } from "vitest";
import { addMonths } from "#app/domain/dates.ts";
import { certificateStatus, expiryDate } from "#app/domain/expiry.ts";

describe("addMonths", () => {
  it.each([
    ["2026-01-15", 1, "2026-02-15"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2026-11-30", 2, "2027-01-30"],
    ["2026-12-31", 12, "2027-12-31"],
    ["2026-03-31", -1, "2026-02-28"],
  ])("%s + %i months = %s", (from, months, to) => {
    expect(addMonths(from, months)).toBe(to);
  });
});

describe("expiryDate", () => {
  it("is valid through the day before the anniversary", () => {
    expect(expiryDate(new Date("2026-03-10T15:00:00Z"), 12)).toBe("2027-03-09");
    expect(expiryDate(new Date("2024-02-29T08:00:00Z"), 12)).toBe("2025-02-27");
    expect(expiryDate(new Date("2026-01-01T00:00:00Z"), 24)).toBe("2027-12-31");
  });
});

describe("certificateStatus", () => {
  const cert = { expiresOn: "2027-03-09", revokedAt: null };
  it("is valid through the last day (UTC) and expired the day after", () => {
    expect(certificateStatus(cert, new Date("2027-03-09T23:59:59Z"))).toBe("valid");
    expect(certificateStatus(cert, new Date("2027-03-10T00:00:00Z"))).toBe("expired");
  });
  it("is revoked whatever the date", () => {
    expect(certificateStatus({ ...cert, revokedAt: 1 }, new Date("2026-06-01T00:00:00Z"))).toBe("revoked");
  });
});
