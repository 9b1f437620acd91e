/**
 * The production server: node:http serving the Remix build (the request pipeline is
 * app/server/http-app.server.ts). `npm start` builds first and
 * then runs this file; `npm run serve` runs it on an existing build.
 */
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createHttpApp } from "./server/http-app.server.ts";

type Entry = {
  initialize(opts: { serving: boolean }): Promise<void>;
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
};

// React and Remix pick their production code paths from NODE_ENV; the build
// below is imported after this line, so it sees it.
process.env.NODE_ENV ??= "production";

const root = process.cwd();
const buildPath = path.join(root, "build/server/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
const entry = build.entry.module as unknown as Entry;

try {
  await entry.initialize({ serving: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
// Daily reminders, and PDFs for certificates issued before they were stored (one at a time).
entry.startStatusScheduler();
entry.startReminderScheduler();
// Webhooks and xAPI statements from the event outbox (when WEBHOOKS=1 or XAPI_ENDPOINT is set).
entry.startDeliveryWorker();
entry
  .backfillCertificatePdfs()
  .then((n) => n > 0 && console.log(`[frontline] Stored the PDFs of ${n} earlier certificates.`))
  .catch((error: unknown) => console.error("[frontline] storing certificate PDFs failed", error));

const app = createHttpApp({
  root,
  build,
  trustProxy: process.env.TRUST_PROXY === "1",
  publicUrl: process.env.PUBLIC_URL || undefined,
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
    entry.stopStatusScheduler();
    void Promise.all([entry.stopReminderScheduler(), entry.stopDeliveryWorker()]).finally(() => {
      entry.shutdown();
      process.exit(0);
    });
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
