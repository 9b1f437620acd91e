/**
 * The production server: Express serving the Remix build. `npm start` builds first and
 * then runs this file; `npm run serve` runs it on an existing build.
 */
import path from "node:path";
import zlib from "node:zlib";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express from "express";
import type { ServerBuild } from "@remix-run/node";
import { compressedAssets } from "./server/assets.server.ts";
import { processRole, runPrimary, startBackgroundJobs, stopBackgroundJobs } from "./server/cluster.server.ts";
import { remixHandler } from "./server/remix-handler.server.ts";
import { bodyLimit, privateWhenSignedIn, sameOriginWrites, securityHeaders } from "./server/security.server.ts";

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
};

// React, Express and Remix pick their production code paths from NODE_ENV; the build
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

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);
const security = { publicUrl: process.env.PUBLIC_URL || undefined };
// Fingerprinted build assets first: compressed once at the highest level and kept in memory,
// without the CSP and page headers (a few hundred bytes each on a first load that must stay
// under 100 KB).
app.use("/assets", compressedAssets(path.join(root, "build/client/assets")));
// Pages are sent as one buffer (app/entry.server.tsx): brotli at quality 5 (8.5 KB for a module page against 9.2 KB at the middleware's 4, for ~0.3 ms more),
// with a 256 KB window (lgwin 18) instead of 4 MB — no page is that big, and each response's
// encoder then allocates far less (ADR 036).
app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } } }));
app.use(securityHeaders(security));
// Every request body is limited (and counted as it arrives) before anything else reads it. A
// worker's page takes a proof of outside training (a PDF or photo, ≤ 5 MB: PROOF_MAX_BYTES).
app.use(bodyLimit(1024 * 1024, [{ path: /^\/employer\/workers\/[^/]+\/?$/, maxBytes: 6 * 1024 * 1024 }]));
// Other public files (favicon, robots.txt): only paths that name a file reach the disk, so
// page requests do not pay a stat() each (ADR 011).
const publicFiles = express.static(path.join(root, "build/client"), { maxAge: "1h" });
app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));
// Every answer to a signed-in request is private, no-store (the files above are not personal).
app.use(privateWhenSignedIn());

if (process.env.FRONTLINE_TEST_CLOCK === "1") {
  // End-to-end tests move the server's clock forward instead of sleeping.
  console.warn("[frontline] FRONTLINE_TEST_CLOCK=1: POST /__test/clock is enabled. Never set this in production.");
  app.post("/__test/clock", express.json(), (req, res) => {
    const ms = Number((req.body as { advanceMs?: unknown })?.advanceMs);
    if (!Number.isFinite(ms) || ms < 0) {
      res.status(400).json({ error: "advanceMs must be a non-negative number" });
      return;
    }
    entry.advanceClock(ms);
    res.json({ offsetMs: entry.clockOffsetMs() });
  });
}

app.use(sameOriginWrites(security));
app.all(
  "*",
  remixHandler(build, (req, res) => ({
    clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
    cspNonce: res.locals.cspNonce as string,
  })),
);

// Errors raised before Remix (a malformed %-escape in the URL, say) are the client's: 4xx,
// a plain message, and no stack trace in the log.
app.use((err: { status?: number; statusCode?: number }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
  // A body refused mid-way (bodyLimit): the 413 is out, and Remix failing to answer after it is expected.
  if (res.locals.bodyRefused) return;
  const status = err.status ?? err.statusCode ?? 500;
  if (status >= 500) console.error(err);
  if (res.headersSent) return next(err);
  res.status(status).type("text/plain").send(status < 500 ? "Bad request" : "Something went wrong");
});

const port = Number(process.env.PORT ?? 3000);
// Without PUBLIC_URL the site's address is http://localhost:PORT (app/utils/public-url.server.ts),
// true only for this machine: listen on it alone. HOST opens the server to others, and start-up
// then requires PUBLIC_URL.
const host = process.env.HOST || (process.env.PUBLIC_URL ? undefined : "127.0.0.1");
const server = host ? app.listen(port, host, ready) : app.listen(port, ready);
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
