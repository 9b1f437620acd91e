/**
 * The session cookie's names: `__Host-fr_session` over https, `fr_session` over plain http (see
 * session.server.ts). Here on their own, so that the HTTP server's middleware
 * (security.server.ts), which runs outside the Remix build, can tell a signed-in request.
 */
export const SESSION_COOKIE_HTTPS = "__Host-fr_session";
export const SESSION_COOKIE_HTTP = "fr_session";

/** Whether a Cookie or Set-Cookie header value carries the session cookie. */
export function mentionsSessionCookie(header: string | readonly string[] | undefined | null): boolean {
  const values = typeof header === "string" ? [header] : (header ?? []);
  return values.some((v) => /(?:^|[;,]\s*)(?:__Host-)?fr_session=/.test(v));
}

/** The shared-device (break-room tablet) cookie's names (see shared-device.server.ts). */
export const SHARED_DEVICE_COOKIE_HTTPS = "__Host-fr_shared";
export const SHARED_DEVICE_COOKIE_HTTP = "fr_shared";

/** Whether a Cookie header value carries the shared-device cookie: every answer to it is no-store. */
export function mentionsSharedDeviceCookie(header: string | undefined | null): boolean {
  return typeof header === "string" && /(?:^|;\s*)(?:__Host-)?fr_shared=/.test(header);
}
