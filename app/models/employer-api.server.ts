/**
 * The employer API's reads and writes (ADR 032), in the API's shapes
 * (app/server/api-schemas.server.ts). Every one goes through the roster's own functions: the
 * stored status (never recomputed here), the CSV import's reading, planning and writing of rows,
 * and the bulk leavers' all-or-nothing marking (ADR 026).
 */
import { and, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { employments } from "#db/schema.ts";
import type { ComplianceStatus } from "#app/domain/compliance.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { paginate } from "#app/domain/paging.ts";
import type { ImportError } from "#app/domain/roster-import.ts";
import type { RawRow } from "#app/domain/roster-row.ts";
import { getDb } from "#app/utils/db.server.ts";
import type { CompletionOut, RosterRowIn, StatusOut, StatusSummary, WorkerOut } from "#app/server/api-schemas.server.ts";
import type { AuditActor } from "./audit.server.ts";
import { getEmployerRoster, getRosterPage, getStatusSummary, type RosterEntry, type RosterQuery, type StatusKind } from "./compliance.server.ts";
import type { Employer } from "./employer.server.ts";
import { fileDigest } from "./pending-import.server.ts";
import { applyImport, markLeftInBulk, planRosterRows } from "./roster.server.ts";
import { yieldToEventLoop } from "#app/utils/event-loop.server.ts";

type Actor = AuditActor & { employerId: string };

export function statusOut(s: ComplianceStatus): z.infer<typeof StatusOut> {
  return {
    kind: s.kind,
    dueDate: "dueDate" in s ? s.dueDate : null,
    completedOn: "completedOn" in s ? s.completedOn : null,
    validUntil: "validUntil" in s ? s.validUntil : null,
    expiredOn: "expiredOn" in s ? s.expiredOn : null,
  };
}

function workerOut(e: RosterEntry): z.infer<typeof WorkerOut> {
  const w = e.employment;
  return {
    employeeId: w.employeeId,
    fullName: w.fullName,
    jobRole: w.jobRole,
    siteId: w.siteId,
    siteName: e.siteName,
    hireDate: w.hireDate,
    leftOn: e.terminationDate,
    former: e.former,
    joined: w.userId !== null,
    email: w.email,
    phone: w.phone,
    language: w.language,
    status: statusOut(e.status),
  };
}

/** One page of the roster (current workers, or former ones), by name, with each row's stored status. */
export function apiRosterPage(employer: Employer, query: { page: number; pageSize: number; status?: StatusKind | "former" }, now: Date) {
  const q: RosterQuery = { q: "", site: "", role: "", status: query.status ?? "", sort: "name", page: query.page };
  const found = getRosterPage(employer, q, query.pageSize, now);
  return { page: found.page, pages: found.pages, total: found.total, workers: found.entries.map(workerOut) };
}

export function apiStatuses(employer: Employer, now: Date): z.infer<typeof StatusSummary> {
  const { summary, former } = getStatusSummary(employer, now);
  return { covered: summary.covered, compliant: summary.compliant, rate: summary.rate, counts: summary.counts, former };
}

/** Every completion of the employer's retained roster rows (as the roster counts them), by worker name, paged. */
export function apiCompletions(employer: Employer, query: { page: number; pageSize: number }, now: Date) {
  const { entries } = getEmployerRoster(employer, now);
  const all: z.infer<typeof CompletionOut>[] = [];
  const sorted = [...entries].sort((a, b) => a.employment.fullName.localeCompare(b.employment.fullName) || a.employment.id.localeCompare(b.employment.id));
  for (const e of sorted) {
    for (const c of [...e.completions].sort((a, b) => a.completedOn.localeCompare(b.completedOn))) {
      all.push({ employeeId: e.employment.employeeId, fullName: e.employment.fullName, source: c.source, code: c.code, completedOn: c.completedOn, revoked: c.revoked, atThisEmployer: c.employerId === employer.id });
    }
  }
  const page = paginate(all, query.page, query.pageSize);
  return { page: page.page, pages: page.pages, total: page.total, completions: page.rows };
}

export type UpsertOutcome = { ok: true; added: number; changed: number; unchanged: number } | { ok: false; errors: ImportError[] } | { ok: false; error: "importRunning" };

/**
 * Adds or changes roster rows by employee id: every row read and planned as a line of the CSV
 * import is (planRosterRows), any problem → nothing written; then all rows in one transaction,
 * audited as an import by the token.
 */
export async function upsertRosterRows(input: { actor: Actor; employer: Employer; tokenName: string; rows: z.infer<typeof RosterRowIn>[]; clientAddress?: string }, now: Date): Promise<UpsertOutcome> {
  const optional = (v: string | null | undefined) => (v === undefined ? undefined : (v ?? ""));
  const raws: RawRow[] = input.rows.map((r) => ({
    fullName: r.fullName,
    employeeId: r.employeeId,
    jobRole: r.jobRole,
    siteId: r.site,
    hireDate: r.hireDate,
    email: optional(r.email),
    phone: optional(r.phone),
    language: optional(r.language),
  }));
  const planned = await planRosterRows(input.employer, raws, toIsoDate(now), yieldToEventLoop);
  if (!planned.ok) return { ok: false, errors: planned.errors };
  const applied = await applyImport(
    { admin: input.actor, plan: planned.plan, fileName: `API: ${input.tokenName}`, fileSha256: fileDigest(JSON.stringify(input.rows)), clientAddress: input.clientAddress, oneTransaction: true },
    now,
    yieldToEventLoop,
  );
  if (!applied.ok) return applied;
  return { ok: true, added: applied.added, changed: applied.changed, unchanged: planned.plan.unchanged.length };
}

export type LeaversOutcome =
  | { ok: true; marked: number }
  | { ok: false; error: "unknownIds" | "alreadyLeft" | "leftBeforeHire" | "leftInFuture"; employeeIds: string[] };

/** Marks the employer's current workers with these employee ids as left on `leftOn`: all or none (markLeftInBulk). */
export function markLeftByEmployeeId(input: { actor: Actor; employerId: string; employeeIds: readonly string[]; leftOn: string; clientAddress?: string }, now: Date): LeaversOutcome {
  if (input.leftOn > toIsoDate(now)) return { ok: false, error: "leftInFuture", employeeIds: [] };
  const wanted = [...new Set(input.employeeIds)];
  const rows: { id: string; employeeId: string | null; endedAt: number | null; hireDate: string }[] = [];
  for (let i = 0; i < wanted.length; i += 500) {
    rows.push(
      ...getDb()
        .select({ id: employments.id, employeeId: employments.employeeId, endedAt: employments.endedAt, hireDate: employments.hireDate })
        .from(employments)
        .where(and(eq(employments.employerId, input.employerId), inArray(employments.employeeId, wanted.slice(i, i + 500))))
        .all(),
    );
  }
  const byId = new Map(rows.map((r) => [r.employeeId!, r]));
  const unknown = wanted.filter((id) => !byId.has(id));
  if (unknown.length > 0) return { ok: false, error: "unknownIds", employeeIds: unknown };
  const left = wanted.filter((id) => byId.get(id)!.endedAt !== null);
  if (left.length > 0) return { ok: false, error: "alreadyLeft", employeeIds: left };
  const result = markLeftInBulk({ admin: input.actor, employmentIds: wanted.map((id) => byId.get(id)!.id), terminationDate: input.leftOn, clientAddress: input.clientAddress }, now);
  if (result.ok) return { ok: true, marked: result.count };
  // Names come back from markLeftInBulk; the API speaks in employee ids.
  const ids = rows.filter((r) => (result.error === "leftBeforeHire" ? r.hireDate > input.leftOn : true)).map((r) => r.employeeId!);
  return { ok: false, error: result.error === "leftBeforeHire" ? "leftBeforeHire" : "alreadyLeft", employeeIds: ids };
}
