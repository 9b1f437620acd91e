/**
 * Roster files between the import's preview and its confirmation (table `pending_imports`):
 * kept server-side for an hour, owned by the employer and the admin who previewed them, so the
 * confirmation sends an id and a SHA-256 instead of the whole file again (which, form-encoded,
 * could be refused by the 1 MB body limit after its preview passed).
 */
import crypto from "node:crypto";
import { and, desc, eq, lt } from "drizzle-orm";
import { pendingImports } from "#db/schema.ts";
import { getDb } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";

/** How long a preview can be confirmed. */
export const PENDING_IMPORT_TTL_MS = 60 * 60 * 1000;
/** Previews an admin may have waiting at once; older ones are dropped. */
const KEEP_PER_ADMIN = 3;

/** The SHA-256 of an imported file: the preview and the confirmation must be the same file. */
export function fileDigest(text: string) {
  return crypto.createHash("sha256").update(text).digest("hex");
}

export function deleteExpiredPendingImports(now: Date) {
  getDb().delete(pendingImports).where(lt(pendingImports.expiresAt, now.getTime())).run();
}

/** Keeps a previewed file; returns what the confirmation sends back. */
export function savePendingImport(input: { employerId: string; adminId: string; fileName: string; csv: string }, now: Date): { id: string; sha256: string } {
  const db = getDb();
  const id = newId();
  const sha256 = fileDigest(input.csv);
  db.transaction((tx) => {
    tx.delete(pendingImports).where(lt(pendingImports.expiresAt, now.getTime())).run();
    tx.insert(pendingImports)
      .values({ id, employerId: input.employerId, adminId: input.adminId, fileName: input.fileName, sha256, csv: input.csv, createdAt: now.getTime(), expiresAt: now.getTime() + PENDING_IMPORT_TTL_MS })
      .run();
    const older = tx
      .select({ id: pendingImports.id })
      .from(pendingImports)
      .where(eq(pendingImports.adminId, input.adminId))
      .orderBy(desc(pendingImports.createdAt), desc(pendingImports.id))
      .all()
      .slice(KEEP_PER_ADMIN);
    for (const o of older) tx.delete(pendingImports).where(eq(pendingImports.id, o.id)).run();
  });
  return { id, sha256 };
}

/**
 * The previewed file with this id and SHA-256, if this admin previewed it at this employer,
 * it has not expired, and its text still has that digest; otherwise undefined.
 */
export function getPendingImport(input: { id: string; sha256: string; employerId: string; adminId: string }, now: Date) {
  const row = getDb()
    .select()
    .from(pendingImports)
    .where(and(eq(pendingImports.id, input.id), eq(pendingImports.employerId, input.employerId), eq(pendingImports.adminId, input.adminId)))
    .get();
  if (!row || row.expiresAt < now.getTime() || row.sha256 !== input.sha256 || fileDigest(row.csv) !== row.sha256) return undefined;
  return { id: row.id, fileName: row.fileName, csv: row.csv, sha256: row.sha256 };
}

export function deletePendingImport(id: string) {
  getDb().delete(pendingImports).where(eq(pendingImports.id, id)).run();
}
