/**
 * What the HTTP server (app/serve.ts) passes to every loader and action. Tests that call
 * route functions directly may pass nothing; the helpers below then fall back.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address (clientIp in app/server/http.server.ts; honours TRUST_PROXY). */
    clientAddress?: string;
    /** This response's Content-Security-Policy nonce. */
    cspNonce?: string;
    /**
     * On a document request only: HTML the loaders render into the document without sending it
     * again as data (app/utils/document-html.server.ts), by element id.
     */
    documentHtml?: Map<string, string>;
    /**
     * Set by the render (app/entry.server.tsx): the document it made, as one buffer, beside the
     * Response that carries the same bytes. The server sends this buffer instead of reading the
     * Response's body stream back (app/server/remix-handler.server.ts).
     */
    wholeDocument?: { response: Response; body: Buffer };
  }
}

import type { AppLoadContext } from "@remix-run/node";
import { getEnv } from "./env.server.ts";

export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress ?? "unknown";
}

/** Whether the browser reached us over https (directly, or behind a proxy for a configured https origin). */
export function isHttps(request: Request) {
  return new URL(request.url).protocol === "https:" || (getEnv().PUBLIC_URL ?? "").startsWith("https:");
}
