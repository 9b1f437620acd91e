/**
 * Roster CSV import: read the file, read every row through the roster row's schema
 * (app/domain/roster-row.ts, as the form does), and plan the changes against the roster.
 * No I/O; the model applies the plan in one transaction. Header names are matched
 * case-insensitively, spaces and underscores alike; the columns the import reads are the
 * roster row's (ROSTER_CSV_COLUMNS), and any other column (the export's status columns) is
 * ignored, so the employer's own roster.csv imports back as no change.
 */
import { readCsv } from "./csv.ts";
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, ROSTER_FIELDS, readRosterRow, shownValue, type RawRow, type RosterField, type RosterRow, type RosterRowInput, type RowContext } from "./roster-row.ts";

export type { RosterField } from "./roster-row.ts";

export type ImportRow = RosterRowInput & {
  /** 1-based line of the file (the header is line 1). */
  line: number;
};

/** A problem on one line: a message key (employer:import.row.<key>) and its values; the page words it. */
export interface ImportError {
  line: number;
  key: string;
  values?: Record<string, string | number>;
}

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, "_");
const ALIASES: Record<string, string> = { employeeid: "employee_id", hiredate: "hire_date" };

/**
 * Reads the whole file and validates every row. Any error → no rows (nothing is imported),
 * and an error per problem with its line number. Handles a byte-order mark, Windows line
 * ends, Excel-style quoting ("" inside quotes, commas and line breaks in quoted cells) and the
 * export's formula escaping.
 */
export function parseRosterCsv(text: string, ctx: RowContext): { rows: ImportRow[]; errors: ImportError[] } {
  let records: string[][];
  try {
    records = readCsv(text);
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, key: "notCsv", values: { detail: (e as Error).message.replace(/^Invalid Record Length: |^Invalid Opening Quote: /, "") } }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, key: "empty" }] };
  const index = new Map<string, number>();
  records[0]!.map(normalizeHeader).forEach((h, i) => index.set(ALIASES[h] ?? h, i));
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) {
    return { rows: [], errors: [{ line: 1, key: "missingColumns", values: { count: missing.length, columns: missing.map((c) => c.replace("_", " ")).join(", ") } }] };
  }
  if (records.length === 1) return { rows: [], errors: [{ line: 2, key: "noWorkers" }] };

  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  // csv-parse counts physical lines; a quoted cell may span several, so track the record's first line.
  const lines = recordStartLines(text, records.length);
  records.slice(1).forEach((record, i) => {
    const line = lines[i + 1] ?? i + 2;
    const raw: RawRow = {};
    // A column the file does not have stays undefined (a file without an email column must
    // not erase the emails on the roster).
    for (const c of IMPORT_COLUMNS) {
      const at = index.get(c.column);
      if (at !== undefined) raw[c.field] = record[at] ?? "";
    }
    const read = readRosterRow(raw, ctx);
    if (!read.ok) {
      for (const p of read.problems) errors.push({ line, key: p.key, values: p.values });
      return;
    }
    const { employeeId } = read.row;
    const earlier = employeeId === null ? undefined : seen.get(employeeId);
    if (earlier !== undefined) errors.push({ line, key: "duplicateId", values: { value: shownValue(employeeId!), earlier } });
    else if (employeeId !== null) seen.set(employeeId, line);
    if (earlier === undefined) rows.push({ ...read.row, line });
  });
  return errors.length > 0 ? { rows: [], errors } : { rows, errors: [] };
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

/** The fields an import may change (the employee id is what rows are matched by). */
const FIELDS = ROSTER_FIELDS.filter((f): f is Exclude<RosterField, "employeeId"> => f !== "employeeId");

export interface ExistingRow extends RosterRow {
  employmentId: string;
  former: boolean;
}

export interface ImportPlan {
  added: ImportRow[];
  changed: { row: ImportRow; employmentId: string; changes: { field: RosterField; from: string | null; to: string | null }[] }[];
  unchanged: ImportRow[];
  /** Current staff with an employee id that the file does not list: possible leavers. */
  missing: ExistingRow[];
}

function changesTo(current: ExistingRow, row: ImportRow) {
  return FIELDS.filter((f) => row[f] !== undefined && (row[f] ?? null) !== (current[f] ?? null)).map((f) => ({ field: f, from: current[f] ?? null, to: row[f] ?? null }));
}

/**
 * What importing `rows` would do to a roster keyed by employee id. Re-importing the same file
 * plans nothing. A row without an employee id cannot be matched, so it cannot add or change a
 * worker: it is read as a worker without one already on the roster exactly as written (as the
 * roster's own export writes a worker who joined by the poster), and is otherwise an error.
 */
export function planImport(existing: ExistingRow[], rows: ImportRow[]): { plan: ImportPlan; errors: ImportError[] } {
  const byId = new Map(existing.filter((e) => e.employeeId !== null).map((e) => [e.employeeId!, e]));
  const withoutId = existing.filter((e) => e.employeeId === null);
  const plan: ImportPlan = { added: [], changed: [], unchanged: [], missing: [] };
  const errors: ImportError[] = [];
  const inFile = new Set<string>();
  for (const row of rows) {
    if (row.employeeId === null) {
      if (withoutId.some((e) => changesTo(e, row).length === 0)) plan.unchanged.push(row);
      else errors.push({ line: row.line, key: "noEmployeeId", values: { value: shownValue(row.fullName) } });
      continue;
    }
    inFile.add(row.employeeId);
    const current = byId.get(row.employeeId);
    if (!current) {
      plan.added.push(row);
      continue;
    }
    const changes = changesTo(current, row);
    if (changes.length === 0) plan.unchanged.push(row);
    else plan.changed.push({ row, employmentId: current.employmentId, changes });
  }
  plan.missing = existing.filter((e) => !e.former && e.employeeId !== null && !inFile.has(e.employeeId));
  return errors.length > 0 ? { plan: { added: [], changed: [], unchanged: [], missing: [] }, errors } : { plan, errors };
}
