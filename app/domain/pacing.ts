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

/** "3 minutes", "1 minute", "less than a minute" */
export function describeRemaining(ms: number, lang: "en" | "es" = "en"): string {
  const es = lang === "es";
  if (ms <= 0) return es ? "nada de tiempo" : "no time";
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return es ? "menos de un minuto" : "less than a minute";
  if (minutes === 1) return es ? "1 minuto" : "1 minute";
  return es ? `${minutes} minutos` : `${minutes} minutes`;
}
