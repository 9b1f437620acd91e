/**
 * The fingerprinted build assets (/assets/*), compressed once per process at the highest
 * brotli or gzip level and served from memory: they never change under a given name, so a
 * first visit (which must stay under 100 KB on a weak connection) gets the smallest bytes
 * without paying the compression on every request (ADR 011).
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { contentTypeOf, type Next, type Request, type Response } from "./http.server.ts";

type Entry = { raw: Buffer; br?: Buffer; gzip?: Buffer };

/**
 * Serves the files in `dir` at `/assets/<name>` (the prefix in any case, as Express's mount did),
 * and the ones `generated` makes from their name (the pages' messages: their name holds a hash of
 * their content, so they never change under it either).
 */
export function compressedAssets(dir: string, generated?: (name: string) => string | undefined) {
  const cache = new Map<string, Entry>();
  return (req: Request, res: Response, next: Next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const mounted = /^\/assets(?:\/|$)/i.exec(req.path);
    if (!mounted) return next();
    const name = req.path.slice(mounted[0].length);
    if (!/^[\w.-]+$/.test(name)) return next();
    let entry = cache.get(name);
    if (!entry) {
      const file = path.join(dir, name);
      const made = generated?.(name);
      if (made !== undefined) entry = { raw: Buffer.from(made) };
      else if (fs.existsSync(file)) entry = { raw: fs.readFileSync(file) };
      else return next();
      cache.set(name, entry);
    }
    const accept = String(req.headers["accept-encoding"] ?? "");
    let body = entry.raw;
    let encoding: string | undefined;
    if (entry.raw.length > 1024 && /\bbr\b/.test(accept)) {
      entry.br ??= zlib.brotliCompressSync(entry.raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.raw.length } });
      body = entry.br;
      encoding = "br";
    } else if (entry.raw.length > 1024 && /\bgzip\b/.test(accept)) {
      entry.gzip ??= zlib.gzipSync(entry.raw, { level: 9 });
      body = entry.gzip;
      encoding = "gzip";
    }
    res.setHeader("Content-Type", contentTypeOf(path.extname(name)));
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("X-Content-Type-Options", "nosniff");
    if (encoding) res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", body.length);
    res.end(req.method === "HEAD" ? undefined : body);
  };
}
