/**
 * Roster CSV import: parse, validate every row, and plan the changes against the roster.
 * No I/O; the model applies the plan in one transaction. Columns (header names are matched
 * case-insensitively, spaces and underscores alike): name, employee id, role, site, hire
 * date, and optionally email, phone and language (en / es, or English / Spanish / español).
 */
import { parse } from "csv-parse/sync";
import { z } from "zod";

import { OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from "./roster-columns.ts";
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export interface ImportRow {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  fullName: string;
  employeeId: string;
  jobRole: string;
  siteId: string | null;
  siteName: string;
  hireDate: string;
  /** undefined when the file has no such column: the roster keeps what it has. */
  email: string | null | undefined;
  phone: string | null | undefined;
  language: "en" | "es" | null | undefined;
}

/** A problem on one line: a message key (employer:import.row.<key>) and its values; the page words it. */
export interface ImportError {
  line: number;
  key: string;
  values?: Record<string, string | number>;
}

export interface ImportContext {
  roles: { id: string; label: string }[];
  sites: { id: string; name: string }[];
}

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, "_");

/** ISO YYYY-MM-DD, or US M/D/YYYY as Excel writes it; undefined when not a real date. */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return undefined;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const t = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

const Cells = z.object({
  name: z.string().trim().min(1, "nameEmpty").max(100, "nameLong"),
  employee_id: z
    .string()
    .trim()
    .min(1, "employeeIdEmpty")
    .max(40, "employeeIdLong")
    .regex(/^[A-Za-z0-9._\/-]+$/, "employeeIdChars"),
  role: z.string().trim().min(1, "roleEmpty"),
  site: z.string().trim().min(1, "siteEmpty"),
  hire_date: z.string().trim().min(1, "hireDateEmpty"),
  email: z
    .string()
    .trim()
    .max(254, "emailLong")
    .transform((v) => v || null)
    .pipe(z.email("emailInvalid").nullable()),
  phone: z
    .string()
    .trim()
    .max(40, "phoneLong")
    .regex(/^[0-9+().\s-]*$/, "phoneChars")
    .transform((v) => v || null),
  language: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const key = v.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      if (key === "") return null;
      if (["en", "english", "ingles"].includes(key)) return "en" as const;
      if (["es", "spanish", "espanol"].includes(key)) return "es" as const;
      ctx.addIssue({ code: "custom", message: "languageInvalid" });
      return z.NEVER;
    }),
});

/**
 * Reads the whole file and validates every row. Any error → no rows (nothing is imported),
 * and an error per problem with its line number. Handles a byte-order mark, Windows line
 * ends and Excel-style quoting ("" inside quotes, commas and line breaks in quoted cells).
 */
export function parseRosterCsv(text: string, ctx: ImportContext, today: string): { rows: ImportRow[]; errors: ImportError[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, key: "notCsv", values: { detail: (e as Error).message.replace(/^Invalid Record Length: |^Invalid Opening Quote: /, "") } }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, key: "empty" }] };
  const header = records[0]!.map(normalizeHeader);
  const index = new Map<string, number>();
  header.forEach((h, i) => index.set(h === "employeeid" ? "employee_id" : h === "hiredate" ? "hire_date" : h, i));
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    return { rows: [], errors: [{ line: 1, key: "missingColumns", values: { count: missing.length, columns: missing.map((c) => c.replace("_", " ")).join(", ") } }] };
  }
  if (records.length === 1) return { rows: [], errors: [{ line: 2, key: "noWorkers" }] };

  const roleByKey = new Map<string, string>();
  for (const r of ctx.roles) {
    roleByKey.set(r.id.toLowerCase(), r.id);
    roleByKey.set(r.label.toLowerCase(), r.id);
  }
  const siteByName = new Map(ctx.sites.map((s) => [s.name.trim().toLowerCase(), s]));
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  // csv-parse counts physical lines; a quoted cell may span several, so track the record's first line.
  const lines = recordStartLines(text, records.length);
  records.slice(1).forEach((record, i) => {
    const line = lines[i + 1] ?? i + 2;
    const cell = (c: Column) => {
      const at = index.get(c);
      return at === undefined ? "" : (record[at] ?? "");
    };
    const parsed = Cells.safeParse(Object.fromEntries([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].map((c) => [c, cell(c)])));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ line, key: issue.message });
      return;
    }
    const v = parsed.data;
    const jobRole = roleByKey.get(v.role.toLowerCase());
    if (!jobRole) errors.push({ line, key: "unknownRole", values: { role: v.role, roles: ctx.roles.map((r) => r.id).join(", ") } });
    const site = siteByName.get(v.site.toLowerCase());
    if (!site) {
      const sites = ctx.sites.map((s) => s.name).join(", ");
      errors.push({ line, key: sites ? "unknownSite" : "noSites", values: { site: v.site, sites } });
    }
    const hireDate = parseDate(v.hire_date);
    if (!hireDate) errors.push({ line, key: "badDate", values: { date: v.hire_date } });
    else if (hireDate > addYears(today, 1)) errors.push({ line, key: "dateTooFar", values: { date: hireDate } });
    const earlier = seen.get(v.employee_id);
    if (earlier !== undefined) errors.push({ line, key: "duplicateId", values: { employeeId: v.employee_id, earlier } });
    else seen.set(v.employee_id, line);
    if (jobRole && site && hireDate && earlier === undefined) {
      // An optional column the file does not have changes nothing (a file without an email
      // column must not erase the emails on the roster).
      const email = index.has("email") ? v.email : undefined;
      const phone = index.has("phone") ? v.phone : undefined;
      const language = index.has("language") ? v.language : undefined;
      rows.push({ line, fullName: v.name, employeeId: v.employee_id, jobRole, siteId: site.id, siteName: site.name, hireDate, email, phone, language });
    }
  });
  return errors.length > 0 ? { rows: [], errors } : { rows, errors: [] };
}

function addYears(iso: string, years: number) {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, "0")}${iso.slice(4)}`;
}

/** The physical line each record starts on (quoted cells can contain line breaks). */
function recordStartLines(text: string, count: number): number[] {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length && starts.length < count; i++) {
    const ch = body[i]!;
    if (atRecordStart) {
      if (ch === "\r" || ch === "\n") {
        if (ch === "\n") line++;
        continue;
      }
      starts.push(line);
      atRecordStart = false;
    }
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === "\n") {
      line++;
      if (!inQuotes) atRecordStart = true;
    }
  }
  return starts;
}

export type RosterField = "fullName" | "jobRole" | "siteId" | "hireDate" | "email" | "phone" | "language";
const FIELDS: RosterField[] = ["fullName", "jobRole", "siteId", "hireDate", "email", "phone", "language"];

export interface ExistingRow {
  employmentId: string;
  employeeId: string;
  fullName: string;
  jobRole: string;
  siteId: string | null;
  hireDate: string;
  email: string | null;
  phone: string | null;
  language: "en" | "es" | null;
  former: boolean;
}

export interface ImportPlan {
  added: ImportRow[];
  changed: { row: ImportRow; employmentId: string; changes: { field: RosterField; from: string | null; to: string | null }[] }[];
  unchanged: ImportRow[];
  /** Current staff with an employee id that the file does not list: possible leavers. */
  missing: ExistingRow[];
}

/** What importing `rows` would do to a roster keyed by employee id. Re-importing the same file plans nothing. */
export function planImport(existing: ExistingRow[], rows: ImportRow[]): ImportPlan {
  const byId = new Map(existing.map((e) => [e.employeeId, e]));
  const plan: ImportPlan = { added: [], changed: [], unchanged: [], missing: [] };
  const inFile = new Set<string>();
  for (const row of rows) {
    inFile.add(row.employeeId);
    const current = byId.get(row.employeeId);
    if (!current) {
      plan.added.push(row);
      continue;
    }
    const changes = FIELDS.filter((f) => row[f] !== undefined && (row[f] ?? null) !== (current[f] ?? null)).map((f) => ({ field: f, from: current[f] ?? null, to: row[f] ?? null }));
    if (changes.length === 0) plan.unchanged.push(row);
    else plan.changed.push({ row, employmentId: current.employmentId, changes });
  }
  plan.missing = existing.filter((e) => !e.former && !inFile.has(e.employeeId));
  return plan;
}
