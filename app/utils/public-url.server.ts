import { data } from "@remix-run/node";
import { normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { trimOrigin } from "#app/domain/public-urls.ts";
import { getEnv } from "./env.server.ts";

/**
 * Where the site's public origin comes from: the one home of that choice. Addresses on it
 * (check pages, join links) are built by app/domain/public-urls.ts.
 */

/** PUBLIC_URL when set (a deployment behind a proxy), else the origin the request came to. */
export function publicOrigin(request: Request): string {
  return trimOrigin(getEnv().PUBLIC_URL ?? new URL(request.url).origin);
}

/** The origin outside a request (PDFs rendered in the background, reminder emails): PUBLIC_URL, else http://localhost:PORT. */
export function configuredOrigin(): string {
  const env = getEnv();
  return trimOrigin(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`);
}

/** A code from the URL: malformed → 400 with `message` (it cannot be any certificate's code). */
export function requireWellFormedCode(raw: string | undefined, message: string): string {
  const code = raw ? normalizeCertificateCode(raw) : null;
  if (!code) throw data(message, { status: 400 });
  return code;
}
