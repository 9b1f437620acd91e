#!/usr/bin/env node
/**
 * `npm test`: every test, in order — typecheck, content check, production build, unit and
 * integration tests (vitest), end-to-end tests (Playwright in Chromium), the SIGKILL
 * durability rounds (npm run test:crash) — then one plain
 * line "N passed, N failed" that CI reads. Exits non-zero if anything failed.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-tests-"));
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

/** Counts a gate (typecheck, content check, build) as one test. */
function gate(label, cmd, args) {
  const ok = run(label, cmd, args);
  record(ok ? 1 : 0, ok ? 0 : 1, ok ? null : label);
  return ok;
}

function record(pass, fail, why) {
  passed += pass;
  failed += fail;
  if (why) failures.push(why);
}

/**
 * Runs a test runner that writes a JSON report and counts its tests with `count(report)`
 * → { passed, failed } (skipped tests count as failed). A non-zero exit with no failed
 * test, or a missing report, counts as one failure.
 */
function suite(label, cmd, args, env, reportFile, count) {
  const ok = run(label, cmd, args, env);
  let counts;
  try {
    counts = count(JSON.parse(fs.readFileSync(reportFile, "utf8")));
  } catch {
    return record(0, 1, `${label}: no report`);
  }
  record(counts.passed, counts.failed, counts.failed > 0 ? `${label}: ${counts.failed} failed or skipped` : null);
  if (!ok && counts.failed === 0) record(0, 1, `${label}: exited non-zero`);
}

gate("typecheck", "npx", ["tsc", "--noEmit"]);
gate("content:check", "npx", ["tsx", "app/cli/content-check.ts"]);
const built = gate("build", "npx", ["remix", "vite:build"]);

const vitestJson = path.join(tmp, "vitest.json");
suite(
  "unit + integration (vitest)",
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
  {},
  vitestJson,
  (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0) }),
);

// Playwright needs the production build.
if (built) {
  const pwJson = path.join(tmp, "playwright.json");
  suite(
    "end-to-end (Playwright)",
    "npx",
    ["playwright", "test", "-c", "tests/e2e/playwright.config.ts"],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson },
    pwJson,
    ({ stats }) => ({ passed: stats.expected, failed: stats.unexpected + stats.flaky + stats.skipped }),
  );
} else {
  record(0, 1, "end-to-end skipped: the build failed");
}

// Durability: SIGKILL under load (each round counts as a test).
if (built) {
  const crashJson = path.join(tmp, "crash.json");
  suite("durability (npm run test:crash)", "npx", ["tsx", "tests/crash/crash.ts"], { CRASH_REPORT: crashJson }, crashJson, (r) => r);
} else {
  record(0, 1, "durability skipped: the build failed");
}

fs.rmSync(tmp, { recursive: true, force: true });
if (failures.length) console.log(`\nFailed: ${failures.join("; ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
