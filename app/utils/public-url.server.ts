import { data } from "@remix-run/node";
import { normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { trimOrigin } from "#app/domain/public-urls.ts";
import { getEnv } from "./env.server.ts";

/**
 * The site's public origin, for every address it writes down or sends: the QR code and verify
 * address of certificate PDFs (stored, and served for years), posters, join slips, emailed and
 * copied links. PUBLIC_URL; without it (development and tests only: production refuses to start,
 * see app/server/startup.server.ts) the server's own http://localhost:PORT. Never the request's
 * Host header, which whoever sends the request chooses. The one home of that choice; addresses
 * on it (check pages, join links) are built by app/domain/public-urls.ts.
 */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * Whether no one but this machine can reach the server: it listens on a loopback address (HOST
 * unset means 127.0.0.1 when PUBLIC_URL is unset, see app/serve.ts) and no proxy forwards to it.
 * Only then may production run without PUBLIC_URL (`npm start` on a laptop): its own
 * http://localhost:PORT is then the true address. Anything others reach needs PUBLIC_URL.
 */
export function servesThisMachineOnly(env: { HOST?: string; TRUST_PROXY?: string } = getEnv()): boolean {
  return (env.HOST === undefined || LOOPBACK.has(env.HOST)) && env.TRUST_PROXY !== "1";
}

export function publicOrigin(): string {
  const env = getEnv();
  return trimOrigin(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`);
}

/** A code from the URL: malformed → 400 with `message` (it cannot be any certificate's code). */
export function requireWellFormedCode(raw: string | undefined, message: string): string {
  const code = raw ? normalizeCertificateCode(raw) : null;
  if (!code) throw data(message, { status: 400 });
  return code;
}
