/**
 * The server's clock. Production uses real time; tests move it forward with
 * `advanceClock` (integration tests) or POST /__test/clock (end-to-end tests, only when
 * FRONTLINE_TEST_CLOCK=1). Pacing, expiry and sessions all read time from here.
 */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function advanceClock(ms: number) {
  if (!Number.isFinite(ms) || ms < 0) throw new Error("The clock only moves forward");
  offsetMs += ms;
}

export function clockOffsetMs() {
  return offsetMs;
}
