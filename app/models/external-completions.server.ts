/**
 * Completions an employer records from a course outside this platform — a state's own course or
 * video, an approved provider's — with the proof it holds (ADR 014). Where the law requires a
 * course this platform's course is not (Texas: Attorney General–approved), these are what make a
 * worker compliant. Kept, hashed, audited, listed in the audit bundle; voided, never deleted.
 */
import crypto from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { externalCompletions } from "#db/schema.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { changeStatuses } from "./status.server.ts";
import { appendAudit } from "./audit.server.ts";
import type { LoadedPolicy } from "#app/server/content.server.ts";
import type { User } from "./user.server.ts";

type Admin = Pick<User, "id" | "kind"> & { employerId: string };

/** Largest proof file accepted: a phone photo of a paper certificate fits. */
export const PROOF_MAX_BYTES = 5 * 1024 * 1024;

/** What a proof file is, by its first bytes (never by the name or the browser's word). */
export function proofTypeOf(bytes: Uint8Array): "application/pdf" | "image/png" | "image/jpeg" | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  return null;
}

export interface ExternalCompletionFields {
  provider: string;
  courseTitle: string;
  completedOn: string;
  approvalReference: string | null;
}

export type ExternalCompletion = typeof externalCompletions.$inferSelect;

export function recordExternalCompletion(
  input: { admin: Admin; employmentId: string; rule: LoadedPolicy; fields: ExternalCompletionFields; proof: { bytes: Uint8Array; name: string; type: string }; clientAddress?: string },
  now: Date,
): ExternalCompletion {
  return changeStatuses(now, (tx) => {
    const sha256 = crypto.createHash("sha256").update(input.proof.bytes).digest("hex");
    const row: ExternalCompletion = {
      id: newId(),
      employerId: input.admin.employerId,
      employmentId: input.employmentId,
      provider: input.fields.provider,
      courseTitle: input.fields.courseTitle,
      completedOn: input.fields.completedOn,
      approvalReference: input.fields.approvalReference,
      ruleId: input.rule.policy.id,
      ruleVersion: input.rule.version,
      proof: Buffer.from(input.proof.bytes),
      proofSha256: sha256,
      proofType: input.proof.type,
      proofName: input.proof.name,
      recordedBy: input.admin.id,
      recordedAt: now.getTime(),
      voidedAt: null,
      voidedBy: null,
      voidedReason: null,
    };
    tx.insert(externalCompletions).values(row).run();
    appendAudit(
      tx,
      {
        action: "external-completion-recorded",
        actor: input.admin,
        clientAddress: input.clientAddress,
        target: { type: "employment", id: input.employmentId },
        employerId: input.admin.employerId,
        detail: { id: row.id, provider: row.provider, courseTitle: row.courseTitle, completedOn: row.completedOn, rule: `${row.ruleId}@${row.ruleVersion}`, proofSha256: sha256 },
      },
      now,
    );
    return row;
  });
}

/** Voids a recorded completion (entered in error); it then no longer counts. False when there is no such live record. */
export function voidExternalCompletion(input: { admin: Admin; employmentId: string; id: string; reason: string; clientAddress?: string }, now: Date): boolean {
  return changeStatuses(now, (tx) => {
    const row = tx
      .select({ id: externalCompletions.id, voidedAt: externalCompletions.voidedAt })
      .from(externalCompletions)
      .where(and(eq(externalCompletions.id, input.id), eq(externalCompletions.employerId, input.admin.employerId), eq(externalCompletions.employmentId, input.employmentId)))
      .get();
    if (!row || row.voidedAt !== null) return false;
    tx.update(externalCompletions).set({ voidedAt: now.getTime(), voidedBy: input.admin.id, voidedReason: input.reason }).where(eq(externalCompletions.id, input.id)).run();
    appendAudit(
      tx,
      { action: "external-completion-voided", actor: input.admin, clientAddress: input.clientAddress, target: { type: "employment", id: input.employmentId }, employerId: input.admin.employerId, detail: { id: input.id, reason: input.reason } },
      now,
    );
    return true;
  });
}

/** A roster row's recorded completions, oldest first, without the proof bytes. */
export function listExternalCompletions(employerId: string, employmentId: string, db: Db = getDb()) {
  return db
    .select({
      id: externalCompletions.id,
      provider: externalCompletions.provider,
      courseTitle: externalCompletions.courseTitle,
      completedOn: externalCompletions.completedOn,
      approvalReference: externalCompletions.approvalReference,
      ruleId: externalCompletions.ruleId,
      proofName: externalCompletions.proofName,
      proofType: externalCompletions.proofType,
      proofSha256: externalCompletions.proofSha256,
      recordedAt: externalCompletions.recordedAt,
      voidedAt: externalCompletions.voidedAt,
      voidedReason: externalCompletions.voidedReason,
    })
    .from(externalCompletions)
    .where(and(eq(externalCompletions.employerId, employerId), eq(externalCompletions.employmentId, employmentId)))
    .orderBy(asc(externalCompletions.completedOn), asc(externalCompletions.recordedAt))
    .all();
}

/** One proof file of this employer's, for download; undefined for anyone else's. */
export function getExternalProof(employerId: string, id: string, db: Db = getDb()) {
  return db
    .select({ proof: externalCompletions.proof, proofType: externalCompletions.proofType, proofName: externalCompletions.proofName, proofSha256: externalCompletions.proofSha256 })
    .from(externalCompletions)
    .where(and(eq(externalCompletions.employerId, employerId), eq(externalCompletions.id, id)))
    .get();
}

/** Every recorded completion of an employer, with proofs, for the audit bundle. */
export function externalCompletionsForBundle(employerId: string, db: Db = getDb()): ExternalCompletion[] {
  return db.select().from(externalCompletions).where(eq(externalCompletions.employerId, employerId)).orderBy(asc(externalCompletions.recordedAt)).all();
}
