import { describe, expect, it } from "vitest";
import { paginate } from "#app/domain/paging.ts";

describe("paginate", () => {
  const rows = Array.from({ length: 120 }, (_, i) => i);
  it("slices the page asked for and counts the pages", () => {
    expect(paginate(rows, 2, 50)).toEqual({ page: 2, pages: 3, total: 120, rows: rows.slice(50, 100) });
    expect(paginate(rows, 3, 50).rows).toEqual(rows.slice(100));
  });
  it("clamps a page past the end (or below 1) and keeps one page for an empty list", () => {
    expect(paginate(rows, 99, 50).page).toBe(3);
    expect(paginate(rows, 0, 50).page).toBe(1);
    expect(paginate([], 4, 50)).toEqual({ page: 1, pages: 1, total: 0, rows: [] });
  });
});
