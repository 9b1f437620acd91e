#!/usr/bin/env node
/**
 * `npm test`: every test, in order — typecheck, content check, production build, unit and
 * integration tests (vitest), end-to-end tests (Playwright in Chromium) — then one plain
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

function step(label, cmd, args) {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

step("typecheck", "npx", ["tsc", "--noEmit"]);
step("content:check", "npx", ["tsx", "app/cli/content-check.ts"]);
const built = run("build", "npx", ["remix", "vite:build"]);
if (built) passed++;
else {
  failed++;
  failures.push("build");
}

// vitest: count its tests from the JSON report.
const vitestJson = path.join(tmp, "vitest.json");
const vitestOk = run("unit + integration (vitest)", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
try {
  const report = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (report.numFailedTests > 0) failures.push(`vitest: ${report.numFailedTests} failed`);
  if (!vitestOk && report.numFailedTests === 0) {
    failed++;
    failures.push("vitest exited non-zero");
  }
} catch {
  failed++;
  failures.push("vitest produced no report");
}

// Playwright needs the production build.
if (built) {
  const pwJson = path.join(tmp, "playwright.json");
  const pwOk = run("end-to-end (Playwright)", "npx", ["playwright", "test", "-c", "tests/e2e/playwright.config.ts"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  try {
    const stats = JSON.parse(fs.readFileSync(pwJson, "utf8")).stats;
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky + stats.skipped;
    if (stats.unexpected + stats.flaky + stats.skipped > 0) failures.push(`playwright: ${stats.unexpected} failed, ${stats.flaky} flaky, ${stats.skipped} skipped`);
    if (!pwOk && stats.unexpected === 0) {
      failed++;
      failures.push("playwright exited non-zero");
    }
  } catch {
    failed++;
    failures.push("playwright produced no report");
  }
} else {
  failed++;
  failures.push("end-to-end skipped: the build failed");
}

fs.rmSync(tmp, { recursive: true, force: true });
if (failures.length) console.log(`\nFailed: ${failures.join("; ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
