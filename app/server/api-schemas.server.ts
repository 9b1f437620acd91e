/**
 * The employer API's wire format (ADR 032): one zod schema per request and response, which the
 * endpoints parse with and `/api/openapi.json` is generated from (app/server/openapi.server.ts),
 * so the document cannot describe a shape the endpoints do not take. A roster row's rules (roles,
 * sites, dates, lengths) are the roster row's own (app/domain/roster-row.ts), applied after this
 * shape check exactly as for a CSV file.
 */
import { z } from "zod";
import { STATUS_KINDS, type StatusKind } from "#app/models/compliance.server.ts";
import { MAX_BULK_LEAVERS } from "#app/models/roster.server.ts";
import { LIMITS } from "#app/domain/roster-row.ts";

/** Rows one upsert may carry (written in one transaction). */
export const MAX_API_ROWS = 1_000;
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 100;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe("A calendar date, YYYY-MM-DD.");
const kinds = STATUS_KINDS as [StatusKind, ...StatusKind[]];
const count = z.number().int().min(0);

// ---------- requests ----------

const pageParam = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/, "page must be a whole number from 1")
  .describe("Page number, from 1 (default 1; past the last page gives the last).")
  .optional();
const pageSizeParam = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .refine((v) => Number(v) <= MAX_PAGE_SIZE, `pageSize must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .describe(`Rows per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`)
  .optional();

export const PageQuery = z.strictObject({ page: pageParam, pageSize: pageSizeParam });

export const RosterQuery = z.strictObject({
  page: pageParam,
  pageSize: pageSizeParam,
  status: z
    .enum([...kinds, "former"])
    .describe("Only current workers with this status, or `former` for people who have left (kept for the law's retention period). Default: every current worker.")
    .optional(),
});

/** How an optional field is given: a value sets it, null or "" clears it, leaving it out keeps what the roster has. */
const optionalText = (max: number, what: string) =>
  z
    .string()
    .max(max)
    .nullable()
    .optional()
    .describe(`${what}. null or "" clears it; left out, the roster keeps what it has.`);

export const RosterRowIn = z
  .strictObject({
    employeeId: z.string().min(1).max(LIMITS.employeeId).describe("Your own id for the worker: rows are matched by it (letters, digits and . _ / -)."),
    fullName: z.string().max(LIMITS.fullName * 2).describe(`The worker's name (at most ${LIMITS.fullName} characters).`),
    jobRole: z.string().max(200).describe("The job, by its role id or its label as the roster shows it (any case)."),
    site: z.string().max(200).describe('The site, by its id or its name (any case); "" for none.'),
    hireDate: z.string().max(20).describe("Hire date, YYYY-MM-DD (or M/D/YYYY); training deadlines count from it."),
    email: optionalText(LIMITS.email, "Email address"),
    phone: optionalText(LIMITS.phone, "Phone number"),
    language: z.enum(["en", "es", ""]).nullable().optional().describe('The language the worker reads (for reminders): "en" or "es". null or "" clears it; left out, the roster keeps what it has.'),
  })
  .describe("A roster row, as a line of the roster CSV import.");

export const UpsertBody = z.strictObject({
  rows: z
    .array(RosterRowIn)
    .min(1)
    .max(MAX_API_ROWS)
    .describe(`1 to ${MAX_API_ROWS} rows. Checked in full first, as the CSV import checks a file: one bad row and nothing is written (422 naming the row and field). Then written in one transaction.`),
});

export const LeaversBody = z.strictObject({
  leftOn: isoDate.describe("The day they left, YYYY-MM-DD: not in the future, not before any of their hire dates."),
  employeeIds: z.array(z.string().min(1).max(LIMITS.employeeId)).min(1).max(MAX_BULK_LEAVERS).describe("The employee ids of current workers who left on that day. All are marked, or none."),
});

// ---------- responses ----------

export const StatusOut = z
  .strictObject({
    kind: z.enum(kinds).describe("The worker's stored status (the one the roster and dashboard show)."),
    dueDate: isoDate.nullable().describe("due, overdue, expired: when training is (was) due; null when the law names no date."),
    completedOn: isoDate.nullable().describe("compliant, expiring, expired: the training that counts."),
    validUntil: isoDate.nullable().describe("compliant, expiring: until when it counts; null when it does not expire."),
    expiredOn: isoDate.nullable(),
  })
  .describe("A status: its kind and the dates that go with it (null where they do not apply).");

export const WorkerOut = z.strictObject({
  employeeId: z.string().nullable(),
  fullName: z.string(),
  jobRole: z.string().describe("The role id."),
  siteId: z.string().nullable(),
  siteName: z.string().nullable(),
  hireDate: isoDate,
  leftOn: isoDate.nullable(),
  former: z.boolean().describe("Has left (the record is kept for the law's retention period)."),
  joined: z.boolean().describe("A worker's account holds this row (they joined with their code or link)."),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  language: z.enum(["en", "es"]).nullable(),
  status: StatusOut,
});

export const RosterPage = z.strictObject({ page: z.number().int().min(1), pages: z.number().int().min(1), total: count, workers: z.array(WorkerOut) });

export const UpsertResult = z.strictObject({ added: count, changed: count, unchanged: count });

export const LeaversResult = z.strictObject({ marked: count });

export const StatusSummary = z.strictObject({
  covered: count.describe("Current workers the law covers."),
  compliant: count.describe("Of them, trained (compliant or expiring)."),
  rate: z.number().nullable().describe("compliant / covered in percent, one decimal; null when no one is covered."),
  counts: z.strictObject(Object.fromEntries(kinds.map((k) => [k, count])) as Record<StatusKind, typeof count>),
  former: count.describe("People who have left, kept on record."),
});

export const CompletionOut = z.strictObject({
  employeeId: z.string().nullable(),
  fullName: z.string(),
  source: z.enum(["platform", "external"]).describe("platform: a certificate of this course (its quiz passed); external: an outside course you recorded."),
  code: z.string().describe("The certificate code (check it at /verify/<code>), or the outside course's provider and title."),
  completedOn: isoDate,
  revoked: z.boolean(),
  atThisEmployer: z.boolean().describe("Earned while working for you (else at another employer on this platform)."),
});

export const CompletionsPage = z.strictObject({ page: z.number().int().min(1), pages: z.number().int().min(1), total: count, completions: z.array(CompletionOut) });

export const ApiProblem = z.strictObject({
  row: z.number().int().min(1).optional().describe("The row of the request's `rows` (from 1)."),
  field: z.string().optional(),
  code: z.string(),
  message: z.string(),
});

export const ApiErrorBody = z
  .strictObject({
    error: z.string().describe("A stable code: unauthorized, forbidden, not_found, conflict, too_large, invalid, malformed_json, throttled."),
    message: z.string().describe("What went wrong, in words."),
    problems: z.array(ApiProblem).optional(),
  })
  .describe("Every error answer.");

export type Operation = {
  method: "get" | "post";
  path: string;
  summary: string;
  scope: "read" | "read-write";
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Error statuses this operation can answer with (401, 404 and 429 are added to every one). */
  errors: number[];
};

/** Every /api/v1 operation: what the OpenAPI document lists and the endpoints serve. */
export const API_OPERATIONS: Operation[] = [
  { method: "get", path: "/api/v1/roster", summary: "List the roster, a page at a time, with each worker's status.", scope: "read", query: RosterQuery, response: RosterPage, errors: [422] },
  {
    method: "post",
    path: "/api/v1/roster",
    summary: "Add or change roster rows by employee id, all or nothing (the CSV import's rules).",
    scope: "read-write",
    body: UpsertBody,
    response: UpsertResult,
    errors: [400, 403, 409, 413, 422],
  },
  {
    method: "post",
    path: "/api/v1/roster/leavers",
    summary: "Record that workers left on a day, all or nothing.",
    scope: "read-write",
    body: LeaversBody,
    response: LeaversResult,
    errors: [400, 403, 409, 413, 422],
  },
  { method: "get", path: "/api/v1/statuses", summary: "Counts of current workers per status.", scope: "read", response: StatusSummary, errors: [] },
  { method: "get", path: "/api/v1/completions", summary: "Certificates and recorded outside courses of your workers, a page at a time.", scope: "read", query: PageQuery, response: CompletionsPage, errors: [422] },
];
