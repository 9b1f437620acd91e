/**
 * What every /api/v1 endpoint does around its own work (ADR 032): off unless EMPLOYER_API=1
 * (404); a bearer token, never a cookie (authenticateApiToken); a per-token rate limit; the
 * token's scope; JSON bodies read through the operation's zod schema; and answers that are JSON
 * with `Cache-Control: no-store`, errors included, each with a code and a message in words.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { authenticateApiToken, employerApiEnabled, type ApiAuth } from "#app/models/api-token.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { throttles } from "#app/utils/throttle.server.ts";
import type { ApiErrorBody } from "./api-schemas.server.ts";

const HEADERS = { "Cache-Control": "no-store", "Content-Type": "application/json; charset=utf-8" };

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...HEADERS, ...headers } });
}

export function apiError(status: number, error: string, message: string, extra: Partial<z.infer<typeof ApiErrorBody>> = {}, headers: Record<string, string> = {}): Response {
  return apiJson({ error, message, ...extra } satisfies z.infer<typeof ApiErrorBody>, status, headers);
}

const UNAUTHORIZED: Record<Exclude<ApiAuth, { ok: true }>["reason"], string> = {
  missing: "Send your API token as `Authorization: Bearer flr_…` (made on the employer's API page).",
  malformed: "The Authorization header is not `Bearer ` and an API token (flr_ and 43 letters, digits, - or _).",
  unknown: "This API token is not known.",
  revoked: "This API token was revoked.",
};

export type ApiCaller = Extract<ApiAuth, { ok: true }> & { clientAddress: string; now: Date };

/**
 * The caller of an API request, or the error Response to answer with (thrown). `need` is the
 * scope the operation takes: a read token asking to write gets 403.
 */
export function requireApiCaller(request: Request, context: AppLoadContext | undefined, need: "read" | "read-write"): ApiCaller {
  if (!employerApiEnabled()) throw apiError(404, "not_found", "The employer API is not turned on on this server (EMPLOYER_API=1).");
  const t = now();
  const address = clientAddress(context);
  // Wrong tokens per address, so tokens cannot be guessed at speed (they cannot be anyway: 256 bits).
  const byAddress = throttles.apiAuthByAddress.check(address, t);
  if (!byAddress.ok) throw throttled(byAddress.retryAfterSeconds);
  const auth = authenticateApiToken(request.headers.get("Authorization"), t, address);
  if (!auth.ok) {
    if (auth.reason !== "missing") throttles.apiAuthByAddress.fail(address, t);
    throw apiError(401, "unauthorized", UNAUTHORIZED[auth.reason], {}, { "WWW-Authenticate": 'Bearer realm="frontline-api"' });
  }
  const verdict = throttles.apiByToken.check(auth.token.id, t);
  if (!verdict.ok) throw throttled(verdict.retryAfterSeconds);
  throttles.apiByToken.fail(auth.token.id, t); // counts the request
  if (need === "read-write" && auth.token.scope !== "read-write") {
    throw apiError(403, "forbidden", `This token (“${auth.token.name}”) may only read: writing takes a read-write token.`);
  }
  return { ...auth, clientAddress: address, now: t };
}

function throttled(seconds: number) {
  return apiError(429, "throttled", `Too many requests with this token: try again in ${seconds} seconds.`, {}, { "Retry-After": String(seconds) });
}

/** A zod issue's path as the API names it: `rows[2].hireDate` → row 3, field hireDate. */
function problemOf(issue: z.core.$ZodIssue) {
  const [first, index, field] = issue.path;
  const atRow = first === "rows" && typeof index === "number";
  const where = issue.path.length > 0 ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") : "body";
  return {
    ...(atRow ? { row: index + 1 } : {}),
    ...(atRow && typeof field === "string" ? { field } : !atRow && typeof first === "string" ? { field: first } : {}),
    code: issue.code,
    message: `${where}: ${issue.message}`,
  };
}

/** 422 for input the schema refuses, each problem with where it is. */
export function invalid(error: z.ZodError, message = "The request does not have the expected shape: nothing was written.") {
  return apiError(422, "invalid", message, { problems: error.issues.slice(0, 200).map(problemOf) });
}

/** The query string read through `schema` (unknown parameters are refused, so a typo is not silently ignored). */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = new URL(request.url).searchParams;
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (!parsed.success) throw invalid(parsed.error, "The query parameters are not valid.");
  return parsed.data;
}

/**
 * A JSON body read through `schema`. Not JSON → 400; over `maxItems` rows → 413 (before the
 * schema, so the message says what the limit is); not the shape → 422. Nothing is written on any.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S, limit?: { key: string; maxItems: number }): Promise<z.output<S>> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) throw apiError(400, "malformed_json", "Send the body as JSON, with `Content-Type: application/json`.");
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw apiError(400, "malformed_json", "The body is not valid JSON.");
  }
  if (limit && typeof body === "object" && body !== null) {
    const list = (body as Record<string, unknown>)[limit.key];
    if (Array.isArray(list) && list.length > limit.maxItems) {
      throw apiError(413, "too_large", `At most ${limit.maxItems} items in \`${limit.key}\` per request (this one has ${list.length}): send them in several requests.`);
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/**
 * Runs an endpoint: a Response it throws (the guard's, a body's refusal) is the answer; the
 * method it does not serve is 405. Errors nobody expected still answer in JSON.
 */
export async function apiHandler(request: Request, methods: Record<string, () => Promise<Response> | Response>): Promise<Response> {
  const run = methods[request.method.toUpperCase()];
  try {
    if (!run) {
      if (!employerApiEnabled()) return apiError(404, "not_found", "The employer API is not turned on on this server (EMPLOYER_API=1).");
      return apiError(405, "method_not_allowed", `${request.method} is not served here; this address takes ${Object.keys(methods).join(", ")}.`, {}, { Allow: Object.keys(methods).join(", ") });
    }
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
