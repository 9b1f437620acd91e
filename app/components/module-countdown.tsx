import { useEffect, useState } from "react";
import { formatCountdown, formatTime, hourOfDay } from "#app/i18n/format.ts";
import { useLang, useT } from "./i18n.tsx";

/**
 * The module's pacing clock in the browser: the server says how long is left (`waitMs`, from
 * its own clock, ADR 005); the browser counts that down on its clock and knows the reader's
 * time zone, so it can say "ready at 2:32 PM". Null before hydration and without JavaScript
 * (the page then shows the server's "in about N minutes"). Starting from the moment the page
 * runs, never from the server's render, it ends a little late, never early. `page` names the
 * module shown: the next module often has the same wait as the last, and its count starts afresh.
 */
export function useCountdown(waitMs: number, page: string): { readyAt: number; leftMs: number } | null {
  const [state, setState] = useState<{ readyAt: number; now: number } | null>(null);
  useEffect(() => {
    if (waitMs <= 0) {
      setState(null);
      return;
    }
    const readyAt = Date.now() + waitMs;
    setState({ readyAt, now: Date.now() });
    const timer = setInterval(() => {
      const now = Date.now();
      setState({ readyAt, now });
      if (now >= readyAt) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [waitMs, page]);
  return state ? { readyAt: state.readyAt, leftMs: Math.max(0, state.readyAt - state.now) } : null;
}

/**
 * When "Mark as done" will count: "You can mark it done at 2:32 PM CST, in about 4 minutes" from
 * the server (no JavaScript; the employer's time zone, named, since the server cannot know the
 * reader's); live, "You can mark it done at 2:32 PM" with the time left as a clock, then
 * "You can mark it done now". `announce` makes the last one a polite status (one per page).
 */
export function PacingNote({
  id,
  waitMs,
  remaining,
  readyAt,
  countdown,
  announce = false,
}: {
  id?: string;
  waitMs: number;
  remaining: string;
  readyAt: { time: string; zone: string; hour: number } | null;
  countdown: ReturnType<typeof useCountdown>;
  announce?: boolean;
}) {
  const t = useT("worker");
  const lang = useLang();
  if (!countdown) {
    if (waitMs <= 0) return null;
    const text = readyAt ? t("module.waitAt", { time: readyAt.time, zone: readyAt.zone, count: readyAt.hour, remaining }) : t("module.wait", { remaining });
    return (
      <p className="notice pacing" id={id}>
        {text}
      </p>
    );
  }
  if (countdown.leftMs <= 0) {
    return (
      <p className="notice ok pacing" id={id} role={announce ? "status" : undefined}>
        {t("module.readyNow")}
      </p>
    );
  }
  return (
    <p className="notice pacing" id={id}>
      {t("module.readyAt", { time: formatTime(countdown.readyAt, lang), count: hourOfDay(countdown.readyAt) })}{" "}
      <span className="countdown" role="timer" aria-label={t("module.timeLeft")}>
        {formatCountdown(countdown.leftMs)}
      </span>
    </p>
  );
}
