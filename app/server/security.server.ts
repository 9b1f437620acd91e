/**
 * HTTP hardening that runs in front of Remix (see app/server/http-app.server.ts): response headers with a
 * fresh CSP nonce per request, and a same-origin check on every request that can change
 * something. docs/decisions/008-accounts-and-audit.md explains the choices.
 */
import crypto from "node:crypto";
import type { OutgoingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import { header, protocolOf, sendJson, sendText, type Next, type Request, type Response } from "./http.server.ts";
import { mentionsSessionCookie, mentionsSharedDeviceCookie } from "./session-cookie.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface SecurityOptions {
  /** PUBLIC_URL when set: the origin browsers see behind a proxy. */
  publicUrl?: string;
}

function isHttps(req: Request, opts: SecurityOptions) {
  return protocolOf(req) === "https" || (opts.publicUrl ?? "").startsWith("https:");
}

export function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'self'",
    // Remix's module scripts load from 'self'; its inline scripts carry the nonce.
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

/** Sets the security headers and puts the nonce in res.locals.cspNonce for Remix. */
export function securityHeaders(opts: SecurityOptions) {
  return (req: Request, res: Response, next: Next) => {
    const nonce = crypto.randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (isHttps(req, opts)) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/**
 * Whether `from` (an origin) is this site: same host as the Host header (Remix checks
 * that too, and answers 500 when it fails), and the scheme this request came in on or,
 * behind a TLS-terminating proxy, PUBLIC_URL's.
 */
function isSameSite(from: string, req: Request, opts: SecurityOptions) {
  const host = header(req, "host")?.toLowerCase();
  if (!host || new URL(from).host !== host) return false;
  return from === `${protocolOf(req)}://${host}` || (opts.publicUrl !== undefined && from === new URL(opts.publicUrl).origin.toLowerCase());
}

function originOf(value: string) {
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * Refuses (403) any POST, PUT, PATCH or DELETE whose Origin, or Referer when there is no
 * Origin, is not this site; and one with neither, since every current browser sends
 * Origin with a form post. SameSite=Lax cookies already stop most cross-site posts; this
 * stops the rest (a sibling subdomain, an old browser).
 *
 * The employer API (/api/v1/, ADR 032) is left out: it authenticates each request by its bearer
 * token and reads no cookie, so a cross-site request carries nothing it could act with.
 */
export const BEARER_ONLY_PATHS = /^\/api\/v1\//;

export function sameOriginWrites(opts: SecurityOptions) {
  return (req: Request, res: Response, next: Next) => {
    if (SAFE_METHODS.has(req.method ?? "") || BEARER_ONLY_PATHS.test(req.path)) return next();
    const origin = header(req, "origin");
    const referer = header(req, "referer");
    const from = origin !== undefined ? originOf(origin) : referer !== undefined ? originOf(referer) : undefined;
    if (from && isSameSite(from, req, opts)) return next();
    sendText(
      req,
      res,
      403,
      origin === undefined && referer === undefined
        ? "Refused: this request does not say which site it came from (no Origin or Referer header)."
        : "Refused: this request came from another website.",
    );
  };
}

/**
 * What a signed-in request gets depends on who is signed in: every page names them in its
 * header, and documents, .data, PDFs, CSVs and zips carry their data. So a response to a request
 * that carries the session cookie, or one that sets it (signing in or out), is sent with
 * `Cache-Control: private, no-store`, whatever the route said: no shared cache keeps it and the
 * browser does not store it. Anonymous requests keep the route's own caching (the public pages
 * stay cacheable). Mounted after the build's assets, which carry no personal data.
 */
export function privateWhenSignedIn() {
  return (req: Request, res: Response, next: Next) => {
    // A shared tablet's answers too, signed in or not: the next person must find nothing of the last.
    const signedIn = mentionsSessionCookie(req.headers.cookie) || mentionsSharedDeviceCookie(req.headers.cookie);
    const writeHead = res.writeHead;
    // Headers are final when they are written, whoever set them (Remix copies a route's headers
    // one by one, serve-static and compression set their own): decide there.
    res.writeHead = function (this: Response, statusCode: number, ...rest: unknown[]) {
      const last = rest.at(-1);
      if (last && typeof last === "object" && !Array.isArray(last)) {
        // Headers given to writeHead itself: set them first, so the rule below has the last word.
        rest.pop();
        for (const [name, value] of Object.entries(last as OutgoingHttpHeaders)) if (value !== undefined) this.setHeader(name, value);
      }
      const setCookie = this.getHeader("set-cookie");
      if (signedIn || mentionsSessionCookie(typeof setCookie === "number" ? String(setCookie) : setCookie)) {
        this.setHeader("Cache-Control", "private, no-store");
      }
      return (writeHead as (...args: unknown[]) => Response).call(this, statusCode, ...rest);
    } as Response["writeHead"];
    next();
  };
}

/** Refused bodies up to this size are drained before the 413 is sent (see bodyLimit). */
const DRAIN_AT_MOST = 8 * 1024 * 1024;

/**
 * Refuses (413) a request body larger than `maxBytes`: no form here needs more, and Remix would
 * otherwise buffer it whole. `uploads` names the paths that take a file (a proof of training)
 * and the larger limit they allow.
 *
 * A body declared larger (Content-Length) is refused before anything reads it. A body that
 * declares no length (Transfer-Encoding: chunked) is counted as it arrives, at the point where
 * the HTTP parser hands its bytes to the request stream: at the limit the 413 is sent with
 * `Connection: close`, no further byte is taken from the socket, and whoever was reading the body
 * gets an error once the answer is out (never a shortened body that would parse as a smaller
 * form, so a refused request changes nothing).
 */
export function bodyLimit(defaultMax: number, uploads: ReadonlyArray<{ path: RegExp; maxBytes: number }> = []) {
  return (req: Request, res: Response, next: Next) => {
    const declared = header(req, "content-length");
    const maxBytes = uploads.find((u) => u.path.test(req.path))?.maxBytes ?? defaultMax;
    const refuse = () => {
      res.locals.bodyRefused = true;
      // The connection is not reused after a refused body.
      res.setHeader("Connection", "close");
      const message = `Refused: the request body is larger than ${Math.round(maxBytes / 1024)} KB.`;
      // The API answers in JSON, as its own errors do (ADR 032).
      if (req.path.startsWith("/api/")) {
        res.setHeader("Cache-Control", "no-store");
        sendJson(req, res, 413, { error: "too_large", message });
      } else sendText(req, res, 413, message);
    };
    if (declared !== undefined) {
      if (Number(declared) > maxBytes) {
        // A body a little too large (a photo over the proof limit, a big form) is read and thrown
        // away first, so the sender gets the 413 instead of a reset connection while it is still
        // writing; a much larger one is refused at once and the socket closed unread.
        if (Number(declared) <= DRAIN_AT_MOST) {
          req.on("end", refuse);
          req.on("error", () => res.destroy());
          req.resume();
        } else refuse();
        return;
      }
      // Node's parser reads exactly the declared length: nothing more to count.
      return next();
    }
    if (header(req, "transfer-encoding") !== undefined) countArrivingBytes(req, res, maxBytes, refuse);
    next();
  };
}

class BodyTooLarge extends Error {
  status = 413;
}

/** See bodyLimit: counts a body of no declared length as the parser pushes it into `req`. */
function countArrivingBytes(req: Request, res: Response, maxBytes: number, refuse: () => void) {
  let received = 0;
  let refused = false;
  const push = req.push;
  req.push = function (chunk: unknown, encoding?: BufferEncoding) {
    if (refused) return false; // dropped, and false stops the parser reading the socket
    if (chunk !== null && chunk !== undefined) {
      received += (chunk as Buffer).length;
      if (received > maxBytes) {
        refused = true;
        // Once the 413 is out, the connection is closed the lingering way (lingerClose): the
        // answer, then FIN, the socket itself later. Destroying it at once, with the sender's
        // bytes still arriving, made the kernel reset the connection, and the client could lose
        // the 413 on its way (an empty reply, seen under load). Whoever reads the body (Remix's
        // form parser) never gets a shortened body: it gets an error when the socket goes.
        let stopped = false;
        const stop = () => {
          if (stopped) return;
          stopped = true;
          const socket = req.socket;
          if (!socket || socket.destroyed) return void req.destroy(new BodyTooLarge(`request body over ${maxBytes} bytes`));
          socket.once("close", () => req.destroy(new BodyTooLarge(`request body over ${maxBytes} bytes`)));
          lingerClose(socket);
        };
        if (res.writableFinished) stop();
        else {
          // Before Node's own end-of-response step, which would destroy the socket once flushed.
          res.prependOnceListener("finish", stop);
          res.once("close", stop);
          if (!res.headersSent) refuse();
        }
        return false;
      }
    }
    return push.call(this, chunk, encoding);
  };
  // A handler that answered without reading the whole body (a 403, a 405) leaves the rest
  // unread: Node would read and discard all of it, however long, to reuse the connection. Stop
  // reading, and close the connection the way that lets the answer arrive (lingerClose). Runs
  // before Node's own end-of-response step, which would otherwise start that discarding.
  res.prependOnceListener("finish", () => {
    if (req.complete || refused) return;
    refused = true; // what still arrives is dropped, and the parser stops reading the socket
    if (req.socket) lingerClose(req.socket);
  });
}

/** How long a connection closed with an unread request body stays open for its answer to be read. */
const LINGER_MS = 2_000;

/**
 * Closes a connection whose request body was left unread, as web servers' "lingering close"
 * does: the answer, then FIN, and only LINGER_MS later the socket itself. Closing a socket at
 * once while unread bytes sit in its receive buffer makes the kernel send a reset, and the
 * client can lose the answer that was on its way (the 403, and a chunked body's 413, arrived as
 * an empty reply).
 */
function lingerClose(socket: Socket) {
  socket.end();
  // Node's end-of-response step would destroy the socket as soon as the answer is flushed.
  socket.destroySoon = () => {};
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
