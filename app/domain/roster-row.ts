/**
 * The roster row: one worker on an employer's roster as the employer keeps it. Its type, its
 * one zod schema (the add and edit form and the CSV import read a row through it, so a rule
 * cannot differ between them) and its CSV columns (the import reads and the export writes
 * them) live here and nowhere else. Pure: no I/O, and no CSV library (pages import this for the
 * column names and limits without bundling the parser).
 *
 * Problems are ids with their values (the offending value, shown truncated); the pages word
 * them: the form as `employer:form.errors.<key>`, the import as `employer:import.row.<key>`.
 */
import { z } from "zod";
import type { Lang } from "#app/i18n/translate.ts";
import { addMonths, isIsoDate } from "./dates.ts";
import { plainName, withoutHiddenChars } from "./names.ts";

export interface RosterRow {
  fullName: string;
  /** The employer's own id for the worker; the CSV import matches rows by it. */
  employeeId: string | null;
  jobRole: string;
  siteId: string | null;
  /** YYYY-MM-DD; training deadlines count from it. */
  hireDate: string;
  email: string | null;
  phone: string | null;
  /** The language the worker reads, as far as the employer knows (for reminders). */
  language: Lang | null;
}
export type RosterField = keyof RosterRow;
export const ROSTER_FIELDS = ["fullName", "employeeId", "jobRole", "siteId", "hireDate", "email", "phone", "language"] as const satisfies readonly RosterField[];

/** Fields an input may leave out (a form without the field, a file without the column): the roster keeps what it has. */
export const OPTIONAL_FIELDS = ["email", "phone", "language"] as const satisfies readonly RosterField[];
type OptionalField = (typeof OPTIONAL_FIELDS)[number];
/** A row as read from a form or a file: an optional field it did not carry is undefined. */
export type RosterRowInput = Omit<RosterRow, OptionalField> & { [K in OptionalField]?: RosterRow[K] };

export const LIMITS = { fullName: 100, employeeId: 40, email: 254, phone: 40 } as const;
export const EMPLOYEE_ID_PATTERN = /^[A-Za-z0-9._/-]+$/;
export const PHONE_PATTERN = /^[0-9+().\s-]+$/;
/** How far ahead a hire date may be. */
const HIRE_YEARS_AHEAD = 1;

/** What a row is checked against: the employer's roles and sites, and today (YYYY-MM-DD). */
export interface RowContext {
  roles: readonly { id: string; label: string }[];
  sites: readonly { id: string; name: string }[];
  today: string;
}

/**
 * The roster CSV's columns, in the order the export writes them. The import reads the columns
 * that have a `field` (it needs the `required` ones, and an optional one it lacks changes
 * nothing) and ignores the others, which the export adds for an inspector; so the export of a
 * roster imports back as no change.
 */
export const ROSTER_CSV_COLUMNS = [
  { column: "name", field: "fullName", required: true },
  { column: "employee_id", field: "employeeId", required: true },
  { column: "role", field: "jobRole", required: true },
  { column: "site", field: "siteId", required: true },
  { column: "hire_date", field: "hireDate", required: true },
  { column: "termination_date" },
  { column: "status" },
  { column: "status_date" },
  { column: "certificate_code" },
  { column: "completed_on" },
  { column: "valid_until" },
  { column: "email", field: "email" },
  { column: "phone", field: "phone" },
  { column: "language", field: "language" },
  { column: "joined_as" },
] as const satisfies readonly { column: string; field?: RosterField; required?: true }[];
export type RosterCsvColumn = (typeof ROSTER_CSV_COLUMNS)[number]["column"];
export const EXPORT_COLUMNS: readonly RosterCsvColumn[] = ROSTER_CSV_COLUMNS.map((c) => c.column);
type ImportColumn = Extract<(typeof ROSTER_CSV_COLUMNS)[number], { field: RosterField }>;
export const IMPORT_COLUMNS: readonly ImportColumn[] = ROSTER_CSV_COLUMNS.filter((c): c is ImportColumn => "field" in c);
export const REQUIRED_COLUMNS: readonly string[] = IMPORT_COLUMNS.filter((c) => "required" in c).map((c) => c.column);

/** ISO YYYY-MM-DD, or US M/D/YYYY as Excel writes it; undefined when not a real date. */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return undefined;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** en / es, as a form sends them or a file writes them (English, inglés, Spanish, español, any case); "" is not known. */
export function readLanguage(raw: string): Lang | null | undefined {
  const key = raw.trim().toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  if (key === "") return null;
  if (["en", "english", "ingles"].includes(key)) return "en";
  if (["es", "spanish", "espanol"].includes(key)) return "es";
  return undefined;
}

export type RowProblemKey =
  | "nameEmpty"
  | "nameLong"
  | "nameChars"
  | "employeeIdLong"
  | "employeeIdChars"
  | "roleEmpty"
  | "unknownRole"
  | "unknownSite"
  | "noSites"
  | "hireDateEmpty"
  | "badDate"
  | "dateTooFar"
  | "emailLong"
  | "emailInvalid"
  | "phoneLong"
  | "phoneChars"
  | "languageInvalid";

const fail = (ctx: z.RefinementCtx, key: RowProblemKey) => {
  ctx.addIssue({ code: "custom", message: key });
  return z.NEVER;
};
const text = () => z.string().trim();
/** Optional text: "" is none. */
const orNone = (max: number, tooLong: RowProblemKey) =>
  text()
    .max(max, tooLong)
    .transform((v) => v || null);

/**
 * The roster row's schema for one employer. A role is named by its id or its label, a site by
 * its id (as the form sends it) or its name (as a file writes it), either in any case; an empty
 * site is none. Messages are RowProblemKey ids: read a row with readRosterRow for its problems.
 */
export function rosterRowSchema(ctx: RowContext) {
  const roles = new Map<string, string>();
  for (const r of ctx.roles) {
    roles.set(r.label.toLowerCase(), r.id);
    roles.set(r.id.toLowerCase(), r.id);
  }
  const siteIds = new Set(ctx.sites.map((s) => s.id));
  const siteByName = new Map(ctx.sites.map((s) => [s.name.trim().toLowerCase(), s.id]));
  const latestHire = addMonths(ctx.today, 12 * HIRE_YEARS_AHEAD, "today");
  return z.object({
    fullName: text().min(1, "nameEmpty").max(LIMITS.fullName, "nameLong").check(plainName("nameChars")),
    employeeId: orNone(LIMITS.employeeId, "employeeIdLong").pipe(z.string().regex(EMPLOYEE_ID_PATTERN, "employeeIdChars").nullable()),
    jobRole: text()
      .min(1, "roleEmpty")
      .transform((v, c) => roles.get(v.toLowerCase()) ?? fail(c, "unknownRole")),
    siteId: text().transform((v, c) => (v === "" ? null : siteIds.has(v) ? v : (siteByName.get(v.toLowerCase()) ?? fail(c, ctx.sites.length > 0 ? "unknownSite" : "noSites")))),
    hireDate: text()
      .min(1, "hireDateEmpty")
      .transform((v, c) => parseDate(v) ?? fail(c, "badDate"))
      .refine((d) => d <= latestHire, "dateTooFar"),
    email: orNone(LIMITS.email, "emailLong").pipe(z.email("emailInvalid").nullable()).optional(),
    phone: orNone(LIMITS.phone, "phoneLong").pipe(z.string().regex(PHONE_PATTERN, "phoneChars").nullable()).optional(),
    language: text()
      .transform((v, c) => {
        const lang = readLanguage(v);
        return lang === undefined ? fail(c, "languageInvalid") : lang;
      })
      .optional(),
  });
}

/** At most this many characters of an offending value go into a message. */
export const SHOWN_MAX = 60;

/** A value as a message shows it: control and text-direction characters as spaces, cut to SHOWN_MAX characters with "…". */
export function shownValue(value: string): string {
  const chars = Array.from(withoutHiddenChars(value));
  return chars.length > SHOWN_MAX ? `${chars.slice(0, SHOWN_MAX - 1).join("")}…` : chars.join("");
}

export interface RowProblem {
  field: RosterField;
  key: RowProblemKey;
  /** `value`: the offending value as shown; `max`: a length limit; `roles` / `sites`: what it may be. */
  values: { value: string; max?: number; roles?: string; sites?: string };
}

export type RawRow = { [K in RosterField]?: string };

/**
 * One schema per context: building it costs far more than reading a row with it, and an
 * import reads thousands of rows against the same context.
 */
const schemas = new WeakMap<RowContext, ReturnType<typeof rosterRowSchema>>();
function schemaFor(ctx: RowContext) {
  let schema = schemas.get(ctx);
  if (!schema) schemas.set(ctx, (schema = rosterRowSchema(ctx)));
  return schema;
}

/**
 * Reads a row through the schema. Fields the input does not have are empty, except the
 * optional ones (email, phone, language), which stay undefined: the roster keeps what it has.
 */
export function readRosterRow(input: RawRow, ctx: RowContext): { ok: true; row: RosterRowInput } | { ok: false; problems: RowProblem[] } {
  const filled: RawRow = { ...input };
  for (const f of ROSTER_FIELDS) if (filled[f] === undefined && !(OPTIONAL_FIELDS as readonly string[]).includes(f)) filled[f] = "";
  const parsed = schemaFor(ctx).safeParse(filled);
  if (parsed.success) return { ok: true, row: parsed.data as RosterRowInput };
  const problems = parsed.error.issues.map((issue): RowProblem => {
    const field = issue.path[0] as RosterField;
    const key = issue.message as RowProblemKey;
    const values: RowProblem["values"] = { value: shownValue((filled[field] ?? "").trim()) };
    if (field in LIMITS) values.max = LIMITS[field as keyof typeof LIMITS];
    // The labels people see on the roster and the form (a label is itself a comma list: quoted, one per item).
    if (key === "unknownRole") values.roles = ctx.roles.map((r) => `"${r.label}"`).join("; ");
    if (key === "unknownSite") values.sites = ctx.sites.map((s) => s.name).join(", ");
    return { field, key, values };
  });
  return { ok: false, problems };
}
