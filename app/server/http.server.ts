/**
 * The production server's request pipeline on plain `node:http` (ADR 036, addendum "Express →
 * node:http"): a chain of connect-style steps `(req, res, next)` run in order, and the few things
 * Express used to work out for them — the path, the protocol, the host name and the client's
 * address (with TRUST_PROXY=1, one proxy in front, as Express's `trust proxy` 1) — with the same
 * results. app/server/http-app.server.ts puts the app's steps together.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import serveStatic from "serve-static";

export interface Request extends IncomingMessage {
  /** The URL's path as sent (not decoded), without the query (Express's `req.path`). */
  path: string;
  /** TRUST_PROXY=1: one reverse proxy in front, whose X-Forwarded-* headers are believed. */
  trustProxy: boolean;
}

export interface Response extends ServerResponse {
  /** What one step leaves for later ones (Express's `res.locals`). */
  locals: { cspNonce?: string; bodyRefused?: boolean };
}

export type Next = (error?: unknown) => void;
export type Step = (req: Request, res: Response, next: Next) => void | Promise<void>;
export type ErrorStep = (error: unknown, req: Request, res: Response) => void;

/**
 * One request listener for `http.createServer` running `steps` in order: each calls `next()` to
 * pass the request on, or answers; `next(error)` (or a step that throws or rejects) skips the
 * rest and goes to `onError`.
 */
export function pipeline(steps: readonly Step[], onError: ErrorStep, opts: { trustProxy?: boolean } = {}) {
  const trustProxy = opts.trustProxy === true;
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const req = incoming as Request;
    const res = outgoing as Response;
    req.path = pathOf(req.url ?? "/");
    req.trustProxy = trustProxy;
    res.locals = {};
    let i = 0;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      onError(error, req, res);
    };
    const next: Next = (error) => {
      if (error !== undefined) return fail(error);
      const step = steps[i++];
      if (!step) return fail(Object.assign(new Error(`no step answered ${req.method} ${req.path}`), { status: 404 }));
      try {
        const done = step(req, res, next);
        if (done) done.catch(fail);
      } catch (error) {
        fail(error);
      }
    };
    next();
  };
}

/** The path of a request target (origin-form, or absolute-form through a proxy), query left off. */
export function pathOf(url: string): string {
  if (url.startsWith("/")) {
    const end = url.search(/[?#]/);
    return end === -1 ? url : url.slice(0, end);
  }
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** A request header as one string (Express's `req.get`, Referrer and Referer alike). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const key = name.toLowerCase();
  const value = key === "referer" || key === "referrer" ? req.headers.referrer || req.headers.referer : req.headers[key];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** "https" or "http": the connection's, or behind the trusted proxy its first X-Forwarded-Proto (Express's `req.protocol`). */
export function protocolOf(req: Request): string {
  const own = (req.socket as TLSSocket).encrypted ? "https" : "http";
  if (!req.trustProxy) return own;
  const forwarded = header(req, "x-forwarded-proto") || own;
  const comma = forwarded.indexOf(",");
  return (comma === -1 ? forwarded : forwarded.slice(0, comma)).trim();
}

/** The host name without its port: Host, or behind the trusted proxy X-Forwarded-Host (Express's `req.hostname`). */
export function hostnameOf(req: Request): string | undefined {
  let host = req.trustProxy ? header(req, "x-forwarded-host") : undefined;
  if (host) {
    const comma = host.indexOf(",");
    if (comma !== -1) host = host.slice(0, comma).trimEnd();
  } else host = header(req, "host");
  if (!host) return undefined;
  // An IPv6 literal ([::1]:3000) keeps its colons.
  const offset = host[0] === "[" ? host.indexOf("]") + 1 : 0;
  const colon = host.indexOf(":", offset);
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * The client's address (Express's `req.ip`): the connection's; with TRUST_PROXY=1 the last
 * address in X-Forwarded-For, the one the proxy itself appended (earlier ones come from the
 * client and prove nothing), or the connection's when there is none.
 */
export function clientIp(req: Request): string | undefined {
  if (req.trustProxy) {
    const forwarded = header(req, "x-forwarded-for");
    if (forwarded) {
      const entries = forwarded.split(",");
      for (let i = entries.length - 1; i >= 0; i--) {
        const address = entries[i]!.trim();
        if (address) return address;
      }
    }
  }
  return req.socket.remoteAddress;
}

/** The MIME types `serve-static` (and Express) use: a file extension's type, with its charset for text. */
const mime = (serveStatic as unknown as { mime: { lookup(pathOrExtension: string): string; charsets: { lookup(type: string): string | undefined } } }).mime;

/** Content-Type for a file extension (".js"), with `; charset=utf-8` for text (Express's `res.type`). */
export function contentTypeOf(extension: string): string {
  return withCharset(mime.lookup(extension));
}

/** Adds the charset a text type implies when the value names none (what Express's `res.set` did to every Content-Type). */
export function withCharset(type: string): string {
  if (/;\s*charset\s*=/i.test(type)) return type;
  const charset = mime.charsets.lookup(type.split(";")[0]!);
  return charset ? `${type}; charset=${charset.toLowerCase()}` : type;
}

/** Answers with a short text (no body for HEAD). */
export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string) {
  send(req, res, status, "text/plain; charset=utf-8", text);
}

/** Answers with JSON (no body for HEAD). */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown) {
  send(req, res, status, "application/json; charset=utf-8", JSON.stringify(value));
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, text: string) {
  const body = Buffer.from(text);
  res.statusCode = status;
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Length", body.length);
  res.end(req.method === "HEAD" ? undefined : body);
}
