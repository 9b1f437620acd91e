/** The one small-cell rule that every council and public figure goes through. */
import { describe, expect, it } from "vitest";
import { isSuppressed, SUPPRESS_BELOW, SUPPRESS_BELOW_EMPLOYERS, withhold } from "#app/domain/aggregates.ts";

describe("small-cell suppression", () => {
  it("withholds cells of 1 to 4 covered workers; none and 5 or more are shown", () => {
    expect(SUPPRESS_BELOW).toBe(5);
    expect([0, 1, 2, 3, 4, 5, 6, 120].map((covered) => isSuppressed({ covered }))).toEqual([false, true, true, true, true, false, false, false]);
  });

  it("withholds every count of a small cell, keeps what is not a count, and says which", () => {
    const cell = { name: "Inn", workers: 9, covered: 3, compliant: 1, rate: 33.3 };
    expect(withhold(cell, ["workers", "covered", "compliant", "rate"])).toEqual({ name: "Inn", workers: null, covered: null, compliant: null, rate: null, suppressed: true });
    const big = { ...cell, covered: 5 };
    expect(withhold(big, ["workers", "covered", "compliant", "rate"])).toEqual({ ...big, suppressed: false });
  });

  it("withholds a cell that combines fewer than 3 employers, however many workers: one employer's rate is not read off its county", () => {
    expect(SUPPRESS_BELOW_EMPLOYERS).toBe(3);
    expect([1, 2, 3, 40].map((employers) => isSuppressed({ covered: 500, employers }))).toEqual([true, true, false, false]);
    // Still withheld for its few workers with many employers; a cell of no one is shown.
    expect(isSuppressed({ covered: 4, employers: 10 })).toBe(true);
    expect(isSuppressed({ covered: 0, employers: 1 })).toBe(false);
    // A group is told how many employers with covered workers it combines; one employer's own cell is judged by its workers.
    const county = { key: "Travis", employers: 4, workers: 80, covered: 60, compliant: 30, rate: 50 };
    expect(withhold(county, ["workers", "covered", "compliant", "rate"], 1)).toEqual({ key: "Travis", employers: 4, workers: null, covered: null, compliant: null, rate: null, suppressed: true });
    const month = { month: "2026-11", covered: 60, compliant: 30, rate: 50 };
    expect(withhold(month, ["covered", "compliant", "rate"], 2).suppressed).toBe(true);
    expect(withhold(month, ["covered", "compliant", "rate"], 3).suppressed).toBe(false);
    expect(withhold({ name: "Inn", covered: 60, compliant: 30, rate: 50 }, ["covered", "compliant", "rate"]).suppressed).toBe(false);
  });
});
