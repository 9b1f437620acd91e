/**
 * What the HTTP server (app/serve.ts) passes to every loader and action. Tests that call
 * route functions directly may pass nothing; the helpers below then fall back.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address (Express req.ip; honours TRUST_PROXY). */
    clientAddress?: string;
    /** This response's Content-Security-Policy nonce. */
    cspNonce?: string;
  }
}

import type { AppLoadContext } from "@remix-run/node";

export function clientAddress(context: AppLoadContext | undefined): string {
  return context?.clientAddress ?? "unknown";
}
