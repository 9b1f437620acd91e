/** The one small-cell rule that every council and public figure goes through. */
import { describe, expect, it } from "vitest";
import { isSuppressed, SUPPRESS_BELOW, withhold } from "#app/domain/aggregates.ts";

describe("small-cell suppression", () => {
  it("withholds cells of 1 to 4 covered workers; none and 5 or more are shown", () => {
    expect(SUPPRESS_BELOW).toBe(5);
    expect([0, 1, 2, 3, 4, 5, 6, 120].map(isSuppressed)).toEqual([false, true, true, true, true, false, false, false]);
  });

  it("withholds every count of a small cell, keeps what is not a count, and says which", () => {
    const cell = { name: "Inn", workers: 9, covered: 3, compliant: 1, rate: 33.3 };
    expect(withhold(cell, ["workers", "covered", "compliant", "rate"])).toEqual({ name: "Inn", workers: null, covered: null, compliant: null, rate: null, suppressed: true });
    const big = { ...cell, covered: 5 };
    expect(withhold(big, ["workers", "covered", "compliant", "rate"])).toEqual({ ...big, suppressed: false });
  });
});
