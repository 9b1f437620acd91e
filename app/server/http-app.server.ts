/**
 * The production server's request listener (app/serve.ts hands it to `http.createServer`): the
 * steps every request goes through before and around Remix, in order, on plain node:http
 * (app/server/http.server.ts; Express until ADR 036's addendum "Express → node:http").
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import compression from "compression";
import { COMPRESS_THRESHOLD_BYTES, PAGE_BROTLI_PARAMS } from "./page-encoding.server.ts";
import type { ServerBuild } from "@remix-run/node";
import serveStatic from "serve-static";
import { z } from "zod";
import { compressedAssets } from "./assets.server.ts";
import { clientIp, pipeline, sendJson, sendText, type ErrorStep, type Request, type Response, type Step } from "./http.server.ts";
import { remixHandler } from "./remix-handler.server.ts";
import { bodyLimit, privateWhenSignedIn, sameOriginWrites, securityHeaders } from "./security.server.ts";
import { isDocumentRequest } from "../utils/document-html.server.ts";

export interface HttpAppOptions {
  /** The directory holding `build/` (the server's working directory). */
  root: string;
  build: ServerBuild;
  /** TRUST_PROXY=1: behind one reverse proxy (client address and protocol from its X-Forwarded-* headers). */
  trustProxy: boolean;
  /** PUBLIC_URL when set: the origin browsers see behind a proxy. */
  publicUrl?: string;
  /** FRONTLINE_TEST_CLOCK=1 (end-to-end tests): POST /__test/clock moves the server's clock. */
  testClock?: { advance(ms: number): void; offsetMs(): number };
  /** Assets the build makes when asked rather than on disk: the pages' messages (app/i18n/messages-asset.ts). */
  generatedAsset?: (name: string) => string | undefined;
}

/**
 * Compression for answers that stream (roster.csv, the audit bundle, PDFs): the `compression`
 * middleware with the pages' brotli parameters and threshold. Whole pages are encoded in one call
 * before they reach it (app/server/page-encoding.server.ts, ADR 036). The bench's floor app uses
 * the same.
 */
export function pageCompression(): Step {
  const compress = compression({ brotli: { params: PAGE_BROTLI_PARAMS }, threshold: COMPRESS_THRESHOLD_BYTES });
  // The middleware is typed for Express but reads and patches only what node:http has.
  return compress as unknown as Step;
}

/**
 * Errors raised before Remix answers (a malformed %-escape in the URL, say) are the client's: 4xx,
 * a plain message, and no stack trace in the log.
 */
export const answerError: ErrorStep = (error, _req, res) => {
  // A body refused mid-way (bodyLimit): the 413 is out, and Remix failing to answer after it is expected.
  if (res.locals.bodyRefused) return;
  const e = (typeof error === "object" && error !== null ? error : {}) as { status?: unknown; statusCode?: unknown };
  const given = typeof e.status === "number" ? e.status : typeof e.statusCode === "number" ? e.statusCode : 500;
  const status = given >= 400 && given < 600 ? given : 500;
  if (status >= 500) console.error(error);
  // Half an answer is out: all that is left is to cut the connection.
  if (res.headersSent) return void res.destroy();
  sendText(_req, res, status, status < 500 ? "Bad request" : "Something went wrong");
};

const ClockBody = z.object({ advanceMs: z.number().finite().nonnegative() });

/** POST /__test/clock {"advanceMs": n}: moves the server's clock forward (end-to-end tests). */
function testClockStep(clock: NonNullable<HttpAppOptions["testClock"]>): Step {
  return (req, res, next) => {
    if (req.method !== "POST" || !/^\/__test\/clock\/?$/i.test(req.path)) return next();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", next);
    req.on("end", () => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        json = undefined;
      }
      const body = ClockBody.safeParse(json);
      if (!body.success) return sendJson(req, res, 400, { error: "advanceMs must be a non-negative number" });
      clock.advance(body.data.advanceMs);
      sendJson(req, res, 200, { offsetMs: clock.offsetMs() });
    });
  };
}

/** The request listener of the production server. */
export function createHttpApp(opts: HttpAppOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const security = { publicUrl: opts.publicUrl };
  // Other public files (favicon, robots.txt): only paths that name a file reach the disk, so
  // page requests do not pay a stat() each (ADR 011).
  const publicFiles = serveStatic(path.join(opts.root, "build/client"), { maxAge: "1h" }) as unknown as Step;
  const steps: Step[] = [
    // Fingerprinted build assets first: compressed once at the highest level and kept in memory,
    // without the CSP and page headers (a few hundred bytes each on a first load that must stay
    // under 100 KB).
    compressedAssets(path.join(opts.root, "build/client/assets"), opts.generatedAsset),
    pageCompression(),
    securityHeaders(security),
    // Every request body is limited (and counted as it arrives) before anything else reads it. A
    // worker's page takes a proof of outside training (a PDF or photo, ≤ 5 MB: PROOF_MAX_BYTES).
    bodyLimit(1024 * 1024, [{ path: /^\/employer\/workers\/[^/]+\/?$/, maxBytes: 6 * 1024 * 1024 }]),
    (req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()),
    // Every answer to a signed-in request is private, no-store (the files above are not personal).
    privateWhenSignedIn(),
    ...(opts.testClock ? [testClockStep(opts.testClock)] : []),
    sameOriginWrites(security),
    remixHandler(opts.build, (req: Request, res: Response) => ({
      clientAddress: clientIp(req) ?? "unknown",
      cspNonce: res.locals.cspNonce,
      documentHtml: isDocumentRequest(req.url ?? "/") ? new Map<string, string>() : undefined,
    })),
  ];
  return pipeline(steps, answerError, { trustProxy: opts.trustProxy });
}
