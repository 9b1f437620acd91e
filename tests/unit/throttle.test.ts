import { describe, expect, it } from "vitest";
import { Throttle, checkAll } from "#app/utils/throttle.server.ts";

const MIN = 60_000;
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

describe("Throttle (sliding window)", () => {
  it("allows `limit` failures in the window, then refuses with the seconds until the oldest one leaves it", () => {
    const t = new Throttle("test", 5, 15 * MIN);
    for (let i = 0; i < 5; i++) {
      expect(t.check("k", at(i * MIN)).ok).toBe(true);
      t.fail("k", at(i * MIN));
    }
    const v = t.check("k", at(5 * MIN));
    expect(v.ok).toBe(false);
    // The first failure (t=0) leaves the window at 15 min: 10 minutes from t=5 min.
    expect(v.retryAfterSeconds).toBe(10 * 60);
    expect(t.check("k", at(15 * MIN - 1)).ok).toBe(false);
    expect(t.check("k", at(15 * MIN)).ok).toBe(true);
  });

  it("keeps keys apart, and clear() forgets one key", () => {
    const t = new Throttle("test", 1, MIN);
    t.fail("a", at(0));
    expect(t.check("a", at(1)).ok).toBe(false);
    expect(t.check("b", at(1)).ok).toBe(true);
    t.clear("a");
    expect(t.check("a", at(2)).ok).toBe(true);
  });

  it("checkAll reports the longest wait of several throttles", () => {
    const short = new Throttle("short", 1, MIN);
    const long = new Throttle("long", 1, 10 * MIN);
    short.fail("x", at(0));
    long.fail("y", at(0));
    const v = checkAll([[short, "x"], [long, "y"]], at(0));
    expect(v).toEqual({ ok: false, retryAfterSeconds: 600 });
    expect(checkAll([[short, "other"]], at(0)).ok).toBe(true);
  });

  it("stays bounded under a flood of distinct keys", () => {
    const t = new Throttle("flood", 3, MIN);
    for (let i = 0; i < 60_000; i++) t.fail(`user-${i}`, at(i));
    expect((t as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(50_000);
  });
});
