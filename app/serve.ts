/**
 * The production server: node:http serving the Remix build (the request pipeline is
 * app/server/http-app.server.ts). `npm start` builds first and
 * then runs this file; `npm run serve` runs it on an existing build.
 */
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { processRole, runPrimary, startBackgroundJobs, stopBackgroundJobs } from "./server/cluster.server.ts";
import { createHttpApp } from "./server/http-app.server.ts";

type Entry = {
  initialize(opts: { serving: boolean; worker?: boolean }): Promise<void>;
  shutdown(): void;
  startReminderScheduler(): boolean;
  stopReminderScheduler(): Promise<void>;
  startStatusScheduler(): void;
  stopStatusScheduler(): void;
  startDeliveryWorker(): boolean;
  stopDeliveryWorker(): Promise<void>;
  backfillCertificatePdfs(): Promise<number>;
  advanceClock(ms: number): void;
  clockOffsetMs(): number;
  messagesAssetSource(name: string): string | undefined;
};

// React and Remix pick their production code paths from NODE_ENV; the build
// below is imported after this line, so it sees it.
process.env.NODE_ENV ??= "production";

const root = process.cwd();
const buildPath = path.join(root, "build/server/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const entry = build.entry.module as unknown as Entry;

// WEB_CONCURRENCY > 1: this process is the primary of several (app/server/cluster.server.ts,
// ADR 038): it starts up once and runs the background jobs; its workers serve HTTP below.
let role: ReturnType<typeof processRole> = "single";
try {
  role = processRole();
  await entry.initialize({ serving: true, worker: role === "worker" });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
if (role === "primary") await runPrimary(entry);
// Daily statuses, reminders, the event outbox, earlier certificates' PDFs: one process only.
if (role === "single") startBackgroundJobs(entry);

const app = createHttpApp({
  root,
  build,
  trustProxy: process.env.TRUST_PROXY === "1",
  publicUrl: process.env.PUBLIC_URL || undefined,
  generatedAsset: (name) => entry.messagesAssetSource(name),
  testClock: process.env.FRONTLINE_TEST_CLOCK === "1" ? { advance: (ms) => entry.advanceClock(ms), offsetMs: () => entry.clockOffsetMs() } : undefined,
});
// End-to-end tests move the server's clock forward instead of sleeping.
if (process.env.FRONTLINE_TEST_CLOCK === "1") console.warn("[frontline] FRONTLINE_TEST_CLOCK=1: POST /__test/clock is enabled. Never set this in production.");

const port = Number(process.env.PORT ?? 3000);
// Without PUBLIC_URL the site's address is http://localhost:PORT (app/utils/public-url.server.ts),
// true only for this machine: listen on it alone. HOST opens the server to others, and start-up
// then requires PUBLIC_URL.
const host = process.env.HOST || (process.env.PUBLIC_URL ? undefined : "127.0.0.1");
const server = host ? http.createServer(app).listen(port, host, ready) : http.createServer(app).listen(port, ready);
function ready() {
  const address = server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  console.log(`[frontline] Serving on http://localhost:${actual}`);
  if (!process.env.PUBLIC_URL && !process.env.HOST) console.log("[frontline] PUBLIC_URL is not set: listening on this machine only (set PUBLIC_URL to serve others).");
}

function stop() {
  server.close(() => {
    void stopBackgroundJobs(entry).finally(() => {
      entry.shutdown();
      process.exit(0);
    });
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
