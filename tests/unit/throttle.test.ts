import { beforeAll, describe, expect, it } from "vitest";
import type { Throttle as ThrottleClass, checkAll as checkAllFn } from "#app/utils/throttle.server.ts";

// The counts live in the database (ADR 038): an in-memory one here.
let Throttle: typeof ThrottleClass;
let checkAll: typeof checkAllFn;
beforeAll(async () => {
  process.env.DATABASE_PATH = ":memory:";
  (await import("#app/utils/env.server.ts")).resetEnvCache();
  ({ Throttle, checkAll } = await import("#app/utils/throttle.server.ts"));
});

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

  it("sweeps the failures no window counts any more, and keeps those that still count", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const rows = (name: string) => (getDb().$client.prepare("SELECT count(*) AS n FROM throttle_hits WHERE throttle = ?").get(name) as { n: number }).n;
    const t = new Throttle("flood", 3, MIN);
    const base = 10 * 24 * 60 * MIN; // far from the other tests' times, so this failure sweeps
    for (let i = 0; i < 1000; i++) t.fail(`user-${i}`, at(base + i));
    expect(rows("flood")).toBe(1000);
    // Two windows later, the next failure sweeps the expired rows.
    t.fail("late", at(base + 2 * MIN));
    expect(rows("flood")).toBe(1);
    expect(t.check("late", at(base + 2 * MIN)).ok).toBe(true);
    t.reset();
    expect(rows("flood")).toBe(0);
  });
});
