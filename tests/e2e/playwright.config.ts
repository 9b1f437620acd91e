import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { approvedContentDir } from "../support/approved-content.ts";
import { serveArgs } from "../support/server.ts";

const PORT = Number(process.env.E2E_PORT ?? 3199);
// One fresh database per run; the config is evaluated again in each worker, so the
// path is fixed by the main process through the environment.
process.env.E2E_DATABASE_PATH ??= path.join(os.tmpdir(), `frontline-e2e-${process.pid}-${Date.now()}`, "e2e.db");

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../../test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 120_000,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // As `npm run serve` starts it: the compiled server with its heap cap (ADR 036).
    command: ["node", ...serveArgs(path.resolve(import.meta.dirname, "../.."))].join(" "),
    cwd: path.resolve(import.meta.dirname, "../.."),
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      HOST: "127.0.0.1",
      DATABASE_PATH: process.env.E2E_DATABASE_PATH,
      SEED_DEMO: "1",
      CONTENT_DIR: approvedContentDir(),
      FRONTLINE_TEST_CLOCK: "1",
      // One server process: the test clock moves one process's clock only (ADR 038).
      WEB_CONCURRENCY: "1",
      // The employer API and its token page (/employer/api, ADR 032), off by default, on here so their pages are walked.
      EMPLOYER_API: "1",
      // Webhooks (ADR 033) and Open Badges (ADR 031), off by default, on here so their pages are walked too.
      WEBHOOKS: "1",
      OPEN_BADGES: "1",
      SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
    },
  },
});
