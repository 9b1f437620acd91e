import crypto from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { auditLog } from "#db/schema.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import type { User } from "#db/schema.ts";

export type AuditRow = typeof auditLog.$inferSelect;

export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in-failed",
  "sign-out",
  "password-changed",
  "password-change-failed",
  "password-reset-issued",
  "password-reset-used",
  "account-created",
  "account-disabled",
  "account-enabled",
  "employer-created",
  "role-changed",
  "roster-joined",
  "roster-claim-failed",
  "roster-claim-undone",
  "claim-code-issued",
  "roster-added",
  "roster-updated",
  "roster-imported",
  "roster-ended",
  "attestation-signed",
  "certificate-issued",
  "certificate-revoked",
  "export",
  "external-completion-recorded",
  "external-completion-voided",
  "sign-posted",
  "site-numbers-changed",
  "rule-scope-answered",
  "monthly-report-set",
  "shared-device-changed",
  "webhook-added",
  "webhook-removed",
  "webhook-secret-rotated",
  // The employer API (ADR 032).
  "api-token-created",
  "api-token-revoked",
  "api-token-used",
  // Single sign-on (ADR 034).
  "sso-configured",
  "sso-removed",
  "sso-linked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: an account, or an employer's API token (kind "api_token", id the token's row id, never the token). */
export type AuditActor = { id: string; kind: User["kind"] | "api_token" };

export interface AuditEvent {
  action: AuditAction;
  actor?: AuditActor | null;
  clientAddress?: string | null;
  target?: { type: string; id: string } | null;
  employerId?: string | null;
  /** Event facts. Never a password, code or token. */
  detail?: Record<string, string | number | boolean | null>;
}

export const GENESIS_HASH = "0".repeat(64);

/** The hash of a row: its fields (seq included) and the previous row's hash. */
export function auditRowHash(row: Omit<AuditRow, "hash">): string {
  const fields = [
    row.seq,
    row.at,
    row.action,
    row.actorId,
    row.actorKind,
    row.clientAddress,
    row.targetType,
    row.targetId,
    row.employerId,
    row.detail,
    row.prevHash,
  ];
  return crypto.createHash("sha256").update(JSON.stringify(fields)).digest("hex");
}

/**
 * Appends one event. Call inside the write transaction of the change it records (the
 * write lock serialises appends, so the chain has no forks); `audit()` opens one.
 */
export function appendAudit(tx: Db, event: AuditEvent, now: Date): AuditRow {
  const last = tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
  const base: Omit<AuditRow, "hash"> = {
    seq: (last?.seq ?? 0) + 1,
    at: now.getTime(),
    action: event.action,
    actorId: event.actor?.id ?? null,
    actorKind: event.actor?.kind ?? null,
    clientAddress: event.clientAddress ?? null,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    employerId: event.employerId ?? null,
    detail: JSON.stringify(event.detail ?? {}),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditRow = { ...base, hash: auditRowHash(base) };
  tx.insert(auditLog).values(row).run();
  return row;
}

/** Appends one event in a transaction of its own. */
export function audit(event: AuditEvent, now: Date): AuditRow {
  return writeTransaction((tx) => appendAudit(tx, event, now));
}

export type ChainReport =
  | { ok: true; rows: number; headSeq: number; headHash: string }
  | { ok: false; rows: number; seq: number; problem: "altered" | "removed"; message: string };

/**
 * Walks the log in order and reports the first row that was altered or removed. A row
 * is altered when its stored hash is not the hash of its fields; rows are missing when
 * the sequence skips or a row does not link to the one before it. Removing rows from
 * the very end leaves no trace in the chain itself: compare the printed head with a
 * copy kept elsewhere (see docs/decisions/008-accounts-and-audit.md).
 */
export function verifyAuditChain(db: Db = getDb()): ChainReport {
  const stmt = db.$client.prepare(
    `SELECT seq, at, action, actor_id AS actorId, actor_kind AS actorKind, client_address AS clientAddress,
            target_type AS targetType, target_id AS targetId, employer_id AS employerId, detail,
            prev_hash AS prevHash, hash FROM audit_log ORDER BY seq`,
  );
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for (const row of stmt.iterate() as Iterable<AuditRow>) {
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        rows,
        seq: expectedSeq,
        problem: "removed",
        message: `row ${expectedSeq}${row.seq - expectedSeq > 1 ? `–${row.seq - 1}` : ""} was removed (the log goes from ${expectedSeq - 1} to ${row.seq})`,
      };
    }
    const { hash, ...fields } = row;
    if (auditRowHash(fields) !== hash) {
      return { ok: false, rows, seq: row.seq, problem: "altered", message: `row ${row.seq} was altered: its hash does not match its contents` };
    }
    if (row.prevHash !== prevHash) {
      return {
        ok: false,
        rows,
        seq: row.seq,
        problem: "altered",
        message: `row ${row.seq} does not link to row ${row.seq - 1}: one of them was altered or replaced`,
      };
    }
    prevHash = hash;
    expectedSeq += 1;
    rows += 1;
  }
  return { ok: true, rows, headSeq: expectedSeq - 1, headHash: prevHash };
}

export function listAudit(opts: { employerId?: string; limit?: number } = {}, db: Db = getDb()): AuditRow[] {
  const where = opts.employerId ? eq(auditLog.employerId, opts.employerId) : undefined;
  return db
    .select()
    .from(auditLog)
    .where(where ? and(where) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(opts.limit ?? 100)
    .all();
}
