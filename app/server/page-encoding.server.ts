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

/** Brotli for pages: quality 5 (8.5 KB for a module page against 9.2 KB at 4), a 256 KB window (lgwin 18) instead of 4 MB (ADR 036). */
export const PAGE_BROTLI_PARAMS = { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 };

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

/** `body` encoded in one call. */
export function encodeWhole(body: Buffer, encoding: "br" | "gzip"): Buffer {
  return encoding === "br"
    ? zlib.brotliCompressSync(body, { params: { ...PAGE_BROTLI_PARAMS, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : zlib.gzipSync(body);
}
