/**
 * Pacing (required of online courses by Texas, 1 TAC 54.101, and applied everywhere):
 * a module counts only once its minimum time has passed since the worker opened it,
 * measured on the server.
 */
export function completableAt(openedAtMs: number, minutes: number): number {
  return openedAtMs + minutes * 60_000;
}

export function remainingMs(openedAtMs: number, minutes: number, nowMs: number): number {
  return Math.max(0, completableAt(openedAtMs, minutes) - nowMs);
}

/**
 * "3 minutes", "1 minute", "less than a minute", worded by `t` (the common messages' `time`
 * group: "menos de un minuto" on a Spanish page).
 */
export function describeRemaining(ms: number, t: (key: string, options?: { count: number }) => string): string {
  if (ms <= 0) return t("common:time.none");
  if (ms < 60_000) return t("common:time.underMinute");
  return t("common:time.minutes", { count: Math.ceil(ms / 60_000) });
}
