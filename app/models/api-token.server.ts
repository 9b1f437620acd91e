/**
 * The employer API's tokens (ADR 032). A token is `flr_` and 43 characters of base64url (256
 * random bits); only its SHA-256 is stored, and the token itself is shown once, when it is made.
 * Each belongs to one employer, reads (`read`) or also writes (`read-write`) its roster, and is
 * revoked for good. Creation and revocation are audited in the same transaction; use is audited
 * at most once an hour per token (every write it makes is audited as its own action, with the
 * token as the actor), and `last_used_at` is kept to the minute.
 */
import crypto from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiTokens, users, type ApiToken, type Employer } from "#db/schema.ts";
import { getDb, writeTransaction } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { appendAudit, type AuditActor } from "./audit.server.ts";
import { getEmployer } from "./employer.server.ts";

export const API_TOKEN_PREFIX = "flr_";
export const API_SCOPES = ["read", "read-write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
/** A token as it must look: the prefix and 43 base64url characters (32 bytes). */
export const API_TOKEN_PATTERN = /^flr_[A-Za-z0-9_-]{43}$/;
/** Tokens an employer may hold at once (revoked ones not counted). */
export const MAX_ACTIVE_TOKENS = 20;
/** `last_used_at` is written at most this often per token; the "api-token-used" audit row at most hourly. */
const TOUCH_EVERY_MS = 60_000;
const AUDIT_USE_EVERY_MS = 60 * 60_000;

/** Whether the employer API (and its token page) is on: EMPLOYER_API=1. */
export function employerApiEnabled(): boolean {
  return getEnv().EMPLOYER_API;
}

export function hashApiToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

type Admin = { id: string; kind: AuditActor["kind"]; employerId: string };

export type CreateResult = { ok: true; token: string; row: ApiToken } | { ok: false; error: "tooMany" };

/** Makes a token for the admin's employer; the token is returned this once and never stored. */
export function createApiToken(input: { admin: Admin; name: string; scope: ApiScope; clientAddress?: string }, now: Date): CreateResult {
  const token = API_TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  return writeTransaction((tx) => {
    const active = tx
      .select({ n: sql<number>`count(*)` })
      .from(apiTokens)
      .where(and(eq(apiTokens.employerId, input.admin.employerId), isNull(apiTokens.revokedAt)))
      .get()!.n;
    if (active >= MAX_ACTIVE_TOKENS) return { ok: false as const, error: "tooMany" as const };
    const row: ApiToken = {
      id: newId(),
      employerId: input.admin.employerId,
      name: input.name,
      tokenHash: hashApiToken(token),
      hint: token.slice(0, API_TOKEN_PREFIX.length + 4),
      scope: input.scope,
      createdBy: input.admin.id,
      createdAt: now.getTime(),
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    tx.insert(apiTokens).values(row).run();
    appendAudit(
      tx,
      { action: "api-token-created", actor: input.admin, clientAddress: input.clientAddress, target: { type: "api-token", id: row.id }, employerId: row.employerId, detail: { name: row.name, scope: row.scope } },
      now,
    );
    return { ok: true as const, token, row };
  });
}

/** Revokes one of the employer's tokens; false when it is not theirs or already revoked. */
export function revokeApiToken(input: { admin: Admin; tokenId: string; clientAddress?: string }, now: Date): boolean {
  return writeTransaction((tx) => {
    const row = tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.employerId, input.admin.employerId)))
      .get();
    if (!row || row.revokedAt !== null) return false;
    tx.update(apiTokens).set({ revokedAt: now.getTime(), revokedBy: input.admin.id }).where(eq(apiTokens.id, row.id)).run();
    appendAudit(
      tx,
      { action: "api-token-revoked", actor: input.admin, clientAddress: input.clientAddress, target: { type: "api-token", id: row.id }, employerId: row.employerId, detail: { name: row.name, scope: row.scope } },
      now,
    );
    return true;
  });
}

/** The employer's tokens, newest first, with the name of the admin who made each (never a hash). */
export function listApiTokens(employerId: string) {
  return getDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      hint: apiTokens.hint,
      scope: apiTokens.scope,
      createdAt: apiTokens.createdAt,
      createdByName: users.name,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(eq(apiTokens.employerId, employerId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .all();
}

export type ApiAuth =
  | { ok: true; token: Pick<ApiToken, "id" | "name" | "scope" | "employerId">; employer: Employer; actor: Admin }
  | { ok: false; reason: "missing" | "malformed" | "unknown" | "revoked" };

/**
 * Who an `Authorization: Bearer <token>` header is: the token's row and its employer, or why
 * not. Looks the token up by its SHA-256 (the hash of 256 random bits: nothing to learn from
 * timing), and notes its use. The one check every bearer-token request goes through.
 */
export function authenticateApiToken(authorization: string | null, now: Date, clientAddress?: string): ApiAuth {
  if (!authorization) return { ok: false, reason: "missing" };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match || !API_TOKEN_PATTERN.test(match[1]!)) return { ok: false, reason: "malformed" };
  const row = getDb().select().from(apiTokens).where(eq(apiTokens.tokenHash, hashApiToken(match[1]!))).get();
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt !== null) return { ok: false, reason: "revoked" };
  const employer = getEmployer(row.employerId);
  if (!employer) return { ok: false, reason: "unknown" };
  const actor: Admin = { id: row.id, kind: "api_token", employerId: row.employerId };
  const since = row.lastUsedAt === null ? Infinity : now.getTime() - row.lastUsedAt;
  if (since >= TOUCH_EVERY_MS) {
    writeTransaction((tx) => {
      tx.update(apiTokens).set({ lastUsedAt: now.getTime() }).where(eq(apiTokens.id, row.id)).run();
      if (since >= AUDIT_USE_EVERY_MS) {
        appendAudit(tx, { action: "api-token-used", actor, clientAddress, target: { type: "api-token", id: row.id }, employerId: row.employerId, detail: { name: row.name, scope: row.scope } }, now);
      }
    });
  }
  return { ok: true, token: { id: row.id, name: row.name, scope: row.scope, employerId: row.employerId }, employer, actor };
}
