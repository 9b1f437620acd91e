import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const FILE = path.resolve("tests/bench/results.json");

/** Merges one benchmark's figures into tests/bench/results.json. */
export function saveResults(key: string, figures: unknown) {
  const all = fs.existsSync(FILE) ? (JSON.parse(fs.readFileSync(FILE, "utf8")) as Record<string, unknown>) : {};
  all[key] = { ...((figures as object) ?? {}), measuredAt: new Date().toISOString(), node: process.version };
  fs.writeFileSync(FILE, JSON.stringify(all, null, 2) + "\n");
}

export function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The median of unsorted `xs` (the lower of the two middle values for an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export const ms = (n: number) => `${n.toFixed(2)} ms`;

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
/** The fields of /proc/<pid>/stat after the command name (field 3 on), or undefined once the process is gone. */
export function procStat(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** CPU ms (user + system) in fields of /proc/<pid>/stat as `procStat` returns them. */
export function cpuMsOfStat(fields: string[]): number {
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU time (user + system) the process `pid` has used so far, in ms, all its threads (a PDF
 * thread, brotli, SQLite) included: the figure other work on a shared machine disturbs least.
 * Throws if the process is gone.
 */
export function cpuMsOf(pid: number): number {
  const fields = procStat(pid);
  if (!fields) throw new Error(`process ${pid} is gone`);
  return cpuMsOfStat(fields);
}

export function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c]!)).join("  "));
}

/** Median and p99 of `runs` timed calls after up to 3 warm-up calls. */
export async function timeIt(runs: number, fn: () => unknown) {
  for (let i = 0; i < Math.min(3, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p99: percentile(samples, 99) };
}

/**
 * Warm-up to a steady state: runs `measure` (one load run, returning e.g. the server's CPU per
 * request) until `agree` results in a row (3) lie within `tolerance` of each other (the largest at
 * most 1 + tolerance times the smallest; at most `max` runs), and returns every result. A freshly
 * started server's CPU per request falls for tens of seconds under load (the JIT, the heap
 * growing to its working size; ADR 036, 2026-12-07 night addendum): a short fixed warm-up leaves
 * that inside the measurement. Two in a row were not enough: bench:quiz's warm-up stopped at
 * 11.75 → 11.60 and 14.98 → 12.23 → 11.89 ms a quiz in two runs, where others went on down to
 * ~7 ms (2026-12-07 addendum).
 */
export async function untilSteady(measure: () => number | Promise<number>, tolerance = 0.05, max = 12, agree = 3): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < max; i++) {
    seen.push(await measure());
    const last = seen.slice(-agree);
    if (last.length === agree && Math.max(...last) <= (1 + tolerance) * Math.min(...last)) break;
  }
  return seen;
}
