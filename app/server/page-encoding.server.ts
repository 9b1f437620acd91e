/**
 * Pages (and other answers Remix hands over whole, with a Content-Length) are compressed in one
 * call instead of through the `compression` middleware's stream: on this machine a module page
 * cost ~2.5 ms more CPU with `br` than with `identity` through the stream, for ~0.4 ms of brotli
 * work (ADR 036 addendum). The same choices as the middleware: brotli or gzip by the request's
 * Accept-Encoding (q-values honoured, brotli preferred), 1 KB threshold, nothing for HEAD,
 * `Cache-Control: no-transform` respected, a type it would compress, `Vary: Accept-Encoding`.
 * Streamed answers (roster.csv, the audit bundle, PDFs) still go through the middleware.
 */
import zlib from "node:zlib";
import compressible from "compressible";
import Negotiator from "negotiator";
import type { Request as HttpRequest } from "./http.server.ts";

/** The pages' largest brotli window: 256 KB instead of brotli's default 4 MB (ADR 036). */
export const PAGE_BROTLI_MAX_LGWIN = 18;

/** Brotli for pages: quality 5 (8.5 KB for a module page against 9.2 KB at 4), a window of at most 256 KB (ADR 036). */
export const PAGE_BROTLI_PARAMS = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: PAGE_BROTLI_MAX_LGWIN };

/** The middleware's threshold: smaller answers are sent as they are. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** How a whole answer of `length` bytes and these headers should be encoded for `req`, or null to send it as it is. */
export function wholeEncoding(req: HttpRequest, headers: Headers, length: number): "br" | "gzip" | null {
  if (req.method === "HEAD" || length < COMPRESS_THRESHOLD_BYTES) return null;
  if (headers.has("Content-Encoding") && headers.get("Content-Encoding") !== "identity") return null;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(headers.get("Cache-Control") ?? "")) return null;
  const type = headers.get("Content-Type");
  if (!type || !compressible(type)) return null;
  // negotiator 1.1 takes the server's preference for equal q-values (as the middleware passes it);
  // @types/negotiator 0.6 does not declare that argument.
  const choose = Negotiator.prototype.encoding as unknown as (this: Negotiator, available: string[], options: { preferred: string[] }) => string | undefined;
  const method = choose.call(new Negotiator(req), ["br", "gzip", "identity"], { preferred: ["br", "gzip", "identity"] });
  return method === "br" || method === "gzip" ? method : null;
}

/**
 * The brotli window for a whole body of `length` bytes: the smallest that holds all of it (at
 * least brotli's minimum, 1 KB), at most the pages' 256 KB. A window larger than the body finds
 * no more matches, but costs more: at quality 5, a window over 64 KB takes brotli's larger hash
 * tables. For a 21 KB module page: a 32 KB window, ~20 % less brotli work, no more bytes
 * (ADR 036, later addendum of 2026-12-08).
 */
export function wholeBodyLgwin(length: number): number {
  return Math.min(PAGE_BROTLI_MAX_LGWIN, Math.max(zlib.constants.BROTLI_MIN_WINDOW_BITS, Math.ceil(Math.log2(Math.max(1, length)))));
}

/** `body` encoded in one call. */
export function encodeWhole(body: Buffer, encoding: "br" | "gzip"): Buffer {
  return encoding === "br"
    ? zlib.brotliCompressSync(body, {
        params: { ...PAGE_BROTLI_PARAMS, [zlib.constants.BROTLI_PARAM_LGWIN]: wholeBodyLgwin(body.length), [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
    : zlib.gzipSync(body);
}
