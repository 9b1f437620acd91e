/**
 * Single sign-on for staff accounts with OpenID Connect (ADR 034): the authorization code flow
 * with PKCE, state and nonce, through openid-client. What the browser carries between leaving
 * for the provider and coming back (state, nonce, PKCE verifier, where to go after) sits in a
 * short-lived signed cookie; openid-client checks the answer (state, issuer, the ID token's
 * signature, audience, expiry and nonce, the PKCE exchange). Sessions are made by signIn
 * (session.server.ts), like a password sign-in.
 */
import { data, type AppLoadContext } from "@remix-run/node";
import * as oidc from "openid-client";
import { z } from "zod";
import { emailDomainOf, isLoopbackIssuer, isStaffOf, resolveSsoAccount } from "#app/domain/sso.ts";
import { appendAudit, audit } from "#app/models/audit.server.ts";
import {
  CLIENT_SECRET_PURPOSE,
  getSsoConnection,
  getSsoConnectionByDomain,
  getSsoConnectionForUser,
  getSsoLink,
  linkSsoSubject,
  type SsoConnection,
} from "#app/models/sso.server.ts";
import { getUserByEmail, type User } from "#app/models/user.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { writeTransaction } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress, isHttps } from "#app/utils/request.server.ts";
import { openSecret } from "#app/utils/secret.server.ts";
import { throttles } from "#app/utils/throttle.server.ts";
import { homeFor, safeRedirect } from "./auth.server.ts";
import { signedDeviceCookie } from "./known-device.server.ts";
import { signIn } from "./session.server.ts";

export function ssoEnabled(): boolean {
  return getEnv().SSO;
}

export const SSO_CALLBACK_PATH = "/sso/callback";
/** How long a sign-in may stay at the provider before the flow cookie is gone. */
const FLOW_MAX_SECONDS = 10 * 60;

// The provider sends the browser back with a top-level GET: the factory's SameSite=Lax carries the cookie then.
const flowCookie = signedDeviceCookie("fr_sso", "__Host-fr_sso", FLOW_MAX_SECONDS);

const Flow = z.object({
  c: z.string().min(1).max(64),
  s: z.string().min(1).max(200),
  n: z.string().min(1).max(200),
  v: z.string().min(1).max(200),
  r: z.string().max(2000).optional(),
  t: z.number(),
});
type Flow = z.infer<typeof Flow>;

async function readFlow(request: Request): Promise<Flow | null> {
  const value: unknown = await flowCookie(isHttps(request)).parse(request.headers.get("Cookie"));
  const parsed = Flow.safeParse(value);
  if (!parsed.success) return null;
  // The cookie's own Max-Age ends it in the browser; a copied cookie ends here too.
  if (now().getTime() - parsed.data.t > FLOW_MAX_SECONDS * 1000) return null;
  return parsed.data;
}

function clearFlow(request: Request) {
  return flowCookie(isHttps(request)).serialize("", { maxAge: 0 });
}

/** Discovery per connection version, cached; a failed discovery is tried again next time. */
const configs = new Map<string, Promise<oidc.Configuration>>();
function providerConfig(connection: SsoConnection): Promise<oidc.Configuration> {
  const key = `${connection.id}:${connection.updatedAt}`;
  let config = configs.get(key);
  if (!config) {
    const secret = openSecret(connection.clientSecretSealed, CLIENT_SECRET_PURPOSE);
    if (secret === null) return Promise.reject(new Error("the client secret cannot be opened (was SESSION_SECRET changed?)"));
    config = oidc.discovery(new URL(connection.issuer), connection.clientId, secret, oidc.ClientSecretBasic(secret), {
      timeout: 10,
      // Plain http only for a provider on this machine's loopback (issuerAllowed, app/domain/sso.ts).
      execute: isLoopbackIssuer(connection.issuer) ? [oidc.allowInsecureRequests] : [],
    });
    config.catch(() => configs.delete(key));
    configs.set(key, config);
  }
  return config;
}

function redirectUri() {
  return new URL(SSO_CALLBACK_PATH, publicOrigin()).href;
}

export type SsoStartError = "noConnection" | "providerUnavailable";

/**
 * The answer to "Sign in with your organisation": a redirect to the provider of the email's
 * domain, carrying the flow cookie; or an error for the login form.
 */
export async function startSso(request: Request, input: { email: string; redirectTo?: string }): Promise<{ ok: true; response: Response } | { ok: false; error: SsoStartError }> {
  const domain = emailDomainOf(input.email);
  const connection = domain ? getSsoConnectionByDomain(domain) : undefined;
  if (!connection) return { ok: false, error: "noConnection" };
  let config: oidc.Configuration;
  try {
    config = await providerConfig(connection);
  } catch (e) {
    console.warn(`[sso] discovery failed for ${connection.issuer}: ${(e as Error).message}`);
    return { ok: false, error: "providerUnavailable" };
  }
  const verifier = oidc.randomPKCECodeVerifier();
  const flow: Flow = { c: connection.id, s: oidc.randomState(), n: oidc.randomNonce(), v: verifier, r: input.redirectTo, t: now().getTime() };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(),
    scope: "openid email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: flow.s,
    nonce: flow.n,
    login_hint: input.email,
  });
  const response = new Response(null, { status: 303, headers: { Location: url.href, "Set-Cookie": await flowCookie(isHttps(request)).serialize(flow) } });
  return { ok: true, response };
}

export type SsoCallbackError = "expired" | "wrongState" | "providerError" | "rejected" | "unknownUser" | "otherOrganisation" | "throttled";

const STATUS: Record<SsoCallbackError, number> = {
  expired: 400,
  wrongState: 400,
  providerError: 400,
  rejected: 400,
  unknownUser: 403,
  otherOrganisation: 403,
  throttled: 429,
};

/**
 * The provider sent the browser back. Success: the session is made and the browser sent home.
 * Anything else: a page saying what went wrong (4xx), the flow cookie cleared, no session and
 * no row written but the audit row of the failure.
 */
export async function finishSso(request: Request, context: AppLoadContext | undefined): Promise<Response | ReturnType<typeof data<{ error: SsoCallbackError }>>> {
  const address = clientAddress(context);
  const cleared = await clearFlow(request);
  const fail = (error: SsoCallbackError, connection?: SsoConnection, detail?: string) => {
    if (error !== "throttled") {
      throttles.signInByAddress.fail(address, now());
      audit({ action: "sign-in-failed", clientAddress: address, employerId: connection?.employerId ?? null, detail: { method: "sso", reason: error, connection: connection?.id ?? null, ...(detail ? { problem: detail.slice(0, 200) } : {}) } }, now());
    }
    return data({ error }, { status: STATUS[error], headers: { "Set-Cookie": cleared, ...(error === "throttled" ? { "Retry-After": "900" } : {}) } });
  };
  if (!throttles.signInByAddress.check(address, now()).ok) return fail("throttled");

  const flow = await readFlow(request);
  const url = new URL(request.url);
  if (!flow) return fail("expired");
  const connection = getSsoConnection(flow.c);
  if (!connection) return fail("expired");
  if (url.searchParams.get("state") !== flow.s) return fail("wrongState", connection);
  if (url.searchParams.has("error")) return fail("providerError", connection, url.searchParams.get("error") ?? "");

  let claims: oidc.IDToken;
  try {
    const config = await providerConfig(connection);
    const currentUrl = new URL(SSO_CALLBACK_PATH + url.search, publicOrigin());
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: flow.v,
      expectedState: flow.s,
      expectedNonce: flow.n,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) return fail("rejected", connection, "no ID token");
    claims = idClaims;
    // A provider may keep the email claims for its userinfo endpoint (OpenID Connect Core 5.4):
    // asked for only when they may link an account, and only for the ID token's own subject.
    if (connection.matchByEmail && claims.email === undefined && config.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      claims = { ...claims, email: info.email, email_verified: info.email_verified };
    }
  } catch (e) {
    // What the audit row keeps: the library's words, the provider's error code, the check that failed.
    const { message, cause, error } = e as Error & { error?: unknown };
    return fail("rejected", connection, `${message}${typeof error === "string" ? ` (${error})` : ""}${cause instanceof Error ? `: ${cause.message}` : ""}`);
  }

  // Under one write transaction: the link read, the first-login link and the audit row agree.
  const at = now();
  const outcome = writeTransaction((tx) => {
    const link = getSsoLink(claims.iss, claims.sub, tx);
    const emailUser = typeof claims.email === "string" ? (getUserByEmail(claims.email, tx) ?? null) : null;
    const decision = resolveSsoAccount({
      owner: connection,
      connectionId: connection.id,
      emailDomain: connection.emailDomain,
      matchByEmail: connection.matchByEmail,
      link: link ?? null,
      claims,
      emailUser,
    });
    if (!decision.ok) return decision;
    const user = decision.userId === link?.user.id ? link.user : emailUser!;
    if (decision.newLink) linkSsoSubject(tx, { connection, subject: claims.sub, userId: user.id, how: "email" }, { actor: user, clientAddress: address }, at);
    appendAudit(tx, { action: "sign-in", actor: user, clientAddress: address, target: { type: "user", id: user.id }, employerId: user.employerId, detail: { method: "sso", connection: connection.id } }, at);
    return { ok: true as const, user };
  });
  if (!outcome.ok) return fail(outcome.reason, connection);
  const response = await signIn(request, outcome.user, safeRedirect(flow.r, homeFor(outcome.user)));
  response.headers.append("Set-Cookie", cleared);
  return response;
}

/**
 * Whether password sign-in is refused for this account: single sign-on is on and the
 * account's organisation requires it. Platform admins and workers never.
 */
export function passwordRefusedBySso(user: User): boolean {
  if (!ssoEnabled()) return false;
  const connection = getSsoConnectionForUser(user);
  return Boolean(connection?.required && isStaffOf(user, connection));
}

