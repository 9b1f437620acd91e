/**
 * Roster CSV import: read the file, read every row through the roster row's schema
 * (app/domain/roster-row.ts, as the form does), and plan the changes against the roster.
 * No I/O; the model applies the plan in one transaction. Header names are matched
 * case-insensitively, spaces and underscores alike; the columns the import reads are the
 * roster row's (ROSTER_CSV_COLUMNS), and any other column (the export's status columns) is
 * ignored, so the employer's own roster.csv imports back as no change.
 */
import { readCsv, writeCsv } from "./csv.ts";
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, ROSTER_FIELDS, readRosterRow, shownValue, type RawRow, type RosterField, type RosterRow, type RosterRowInput, type RowContext } from "./roster-row.ts";

export type { RosterField } from "./roster-row.ts";

export type ImportRow = RosterRowInput & {
  /** 1-based line of the file (the header is line 1). */
  line: number;
};

/** A problem on one line: a message key (employer:import.row.<key>) and its values; the page words it. */
export interface ImportError {
  line: number;
  /** The field at fault, when it is one field's problem. */
  field?: RosterField;
  key: string;
  values?: Record<string, string | number>;
}

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, "_");
const ALIASES: Record<string, string> = { employeeid: "employee_id", hiredate: "hire_date" };

/** Gives other work a turn between slices of a big file (the caller decides how: setImmediate on the server). */
export type Pause = () => Promise<void>;

/** A file is read this many characters at a time (cut at a record's end), so a slice takes a few milliseconds. */
const SLICE_CHARS = 8_000;

type Parsed = { rows: ImportRow[]; errors: ImportError[] };

/**
 * Reads the whole file and validates every row. Any error → no rows (nothing is imported),
 * and an error per problem with its line number. Handles a byte-order mark, Windows line
 * ends, Excel-style quoting ("" inside quotes, commas and line breaks in quoted cells) and the
 * export's formula escaping.
 */
export function parseRosterCsv(text: string, ctx: RowContext): Parsed {
  const steps = readRosterCsv(text, ctx);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same as parseRosterCsv, a slice at a time with `pause()` between slices: an 18,000-row
 * file never holds the server's event loop for more than a slice (`npm run bench:import`).
 */
export async function parseRosterCsvInSlices(text: string, ctx: RowContext, pause: Pause): Promise<Parsed> {
  const steps = readRosterCsv(text, ctx);
  let step = steps.next();
  while (!step.done) {
    await pause();
    step = steps.next();
  }
  return step.value;
}

/** Reads the file slice by slice, yielding after each; returns the rows or the errors. */
function* readRosterCsv(text: string, ctx: RowContext): Generator<void, Parsed> {
  const body = text.replace(/^\uFEFF/, "");
  const slices = csvSlices(body);
  let index: Map<string, number> | undefined;
  let records = 0; // data records read so far
  const reader = rowReader(ctx);
  for (let slice = slices.next(); !slice.done; slice = slices.next()) {
    const { text: part, firstLine, starts } = slice.value;
    let read: string[][];
    try {
      read = readCsv(part);
    } catch (e) {
      // csv-parse counts the slice's physical lines.
      const line = firstLine - 1 + ((e as { lines?: number }).lines ?? 1);
      return { rows: [], errors: [{ line, key: "notCsv", values: { detail: (e as Error).message.replace(/^Invalid Record Length: |^Invalid Opening Quote: /, "").replace(/\bline \d+/, `line ${line}`) } }] };
    }
    let from = 0;
    if (!index) {
      if (read.length === 0) continue;
      index = new Map<string, number>();
      // Header names are the file's: only ALIASES' own keys count (a column named "constructor" is just unknown).
      for (const [i, h] of read[0]!.map(normalizeHeader).entries()) index.set(Object.hasOwn(ALIASES, h) ? ALIASES[h]! : h, i);
      const missing = REQUIRED_COLUMNS.filter((c) => !index!.has(c));
      if (missing.length > 0) {
        return { rows: [], errors: [{ line: 1, key: "missingColumns", values: { count: missing.length, columns: missing.map((c) => c.replace("_", " ")).join(", ") } }] };
      }
      from = 1;
    }
    for (let r = from; r < read.length; r++) {
      const record = read[r]!;
      records++;
      // A quoted cell may span several lines: the record's first line, as the scan found it.
      const line = starts[r] ?? firstLine + r;
      const raw: RawRow = {};
      // A column the file does not have stays undefined (a file without an email column must
      // not erase the emails on the roster).
      for (const c of IMPORT_COLUMNS) {
        const at = index.get(c.column);
        if (at !== undefined) raw[c.field] = record[at] ?? "";
      }
      reader.read(raw, line);
    }
    yield;
  }
  if (!index) return { rows: [], errors: [{ line: 1, key: "empty" }] };
  if (records === 0) return { rows: [], errors: [{ line: 2, key: "noWorkers" }] };
  return reader.result();
}

/**
 * Reads rows one by one through the roster row's schema (readRosterRow), as the CSV import
 * does and the employer API does with a JSON body's rows: each problem with its line (the API's
 * row number) and field, an employee id given twice is an error on its second line, and any
 * error means no rows at all.
 */
export function rowReader(ctx: RowContext) {
  const rows: ImportRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  return {
    read(raw: RawRow, line: number) {
      const result = readRosterRow(raw, ctx);
      if (!result.ok) {
        for (const p of result.problems) errors.push({ line, field: p.field, key: p.key, values: p.values });
        return;
      }
      const { employeeId } = result.row;
      const earlier = employeeId === null ? undefined : seen.get(employeeId);
      if (earlier !== undefined) errors.push({ line, field: "employeeId", key: "duplicateId", values: { value: shownValue(employeeId!), earlier } });
      else if (employeeId !== null) seen.set(employeeId, line);
      if (earlier === undefined) rows.push({ ...result.row, line });
    },
    result(): Parsed {
      return errors.length > 0 ? { rows: [], errors } : { rows, errors: [] };
    },
  };
}

/**
 * The file in slices of about SLICE_CHARS characters, each ending where a record ends (at a
 * line break outside quotes), with the physical line each of its records starts on (quoted
 * cells can contain line breaks; empty lines hold no record, as csv-parse skips them).
 */
function* csvSlices(body: string): Generator<{ text: string; firstLine: number; starts: number[] }> {
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  let sliceStart = 0;
  let sliceLine = 1;
  let starts: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    if (atRecordStart) {
      if (ch === 13 || ch === 10) {
        if (ch === 10) line++;
        continue;
      }
      starts.push(line);
      atRecordStart = false;
    }
    if (ch === 34) inQuotes = !inQuotes;
    else if (ch === 10) {
      line++;
      if (!inQuotes) {
        atRecordStart = true;
        if (i + 1 - sliceStart >= SLICE_CHARS) {
          yield { text: body.slice(sliceStart, i + 1), firstLine: sliceLine, starts };
          sliceStart = i + 1;
          sliceLine = line;
          starts = [];
        }
      }
    }
  }
  if (sliceStart < body.length) yield { text: body.slice(sliceStart), firstLine: sliceLine, starts };
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
export function planImport(existing: ExistingRow[], rows: ImportRow[]): Planned {
  const steps = planSteps(existing, rows);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** The same as planImport, PLAN_SLICE rows at a time with `pause()` between. */
export async function planImportInSlices(existing: ExistingRow[], rows: ImportRow[], pause: Pause): Promise<Planned> {
  const steps = planSteps(existing, rows);
  let step = steps.next();
  while (!step.done) {
    await pause();
    step = steps.next();
  }
  return step.value;
}

type Planned = { plan: ImportPlan; errors: ImportError[] };
const PLAN_SLICE = 2_000;

function* planSteps(existing: ExistingRow[], rows: ImportRow[]): Generator<void, Planned> {
  const byId = new Map(existing.filter((e) => e.employeeId !== null).map((e) => [e.employeeId!, e]));
  const withoutId = existing.filter((e) => e.employeeId === null);
  const plan: ImportPlan = { added: [], changed: [], unchanged: [], missing: [] };
  const errors: ImportError[] = [];
  const inFile = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    if (i > 0 && i % PLAN_SLICE === 0) yield;
    const row = rows[i]!;
    if (row.employeeId === null) {
      if (withoutId.some((e) => changesTo(e, row).length === 0)) plan.unchanged.push(row);
      else errors.push({ line: row.line, field: "employeeId", key: "noEmployeeId", values: { value: shownValue(row.fullName) } });
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

/** A row whose hire date is after today: imported as written, but the preview says so (a typo in the year is common). */
export function futureHires(rows: readonly ImportRow[], today: string): ImportRow[] {
  return rows.filter((r) => r.hireDate > today);
}

/** The columns of the sample file: every column the import reads, the optional ones included. */
export const SAMPLE_COLUMNS: readonly string[] = IMPORT_COLUMNS.map((c) => c.column);

/**
 * A sample roster file for this employer, ready to import as it is: every column the import
 * reads, a few made-up workers in this employer's own roles (by their labels) and sites (by
 * name), hire dates in the past, and the optional columns filled on some rows and left empty on
 * others. `today` is YYYY-MM-DD; `addDays` moves it (the caller's date arithmetic).
 */
export function sampleRosterCsv(ctx: RowContext, addDays: (iso: string, days: number) => string): string {
  const PEOPLE = [
    { name: "María Guadalupe Hernández", email: "maria.hernandez@example.com", phone: "(512) 555-0142", language: "es", daysAgo: 20 },
    { name: "James O'Connor", email: "", phone: "512-555-0187", language: "en", daysAgo: 75 },
    { name: "Nguyễn Thị Lan", email: "lan.nguyen@example.com", phone: "", language: "", daysAgo: 200 },
    { name: "Ahmed Al-Sayed", email: "", phone: "", language: "en", daysAgo: 400 },
  ];
  const site = (i: number) => (ctx.sites.length === 0 || i === PEOPLE.length - 1 ? "" : ctx.sites[i % ctx.sites.length]!.name);
  const rows = PEOPLE.map((p, i) => {
    const values: Record<string, string> = {
      name: p.name,
      employee_id: `E-${1001 + i}`,
      role: ctx.roles[i % ctx.roles.length]?.label ?? "",
      site: site(i),
      hire_date: addDays(ctx.today, -p.daysAgo),
      email: p.email,
      phone: p.phone,
      language: p.language,
    };
    return SAMPLE_COLUMNS.map((c) => values[c] ?? "");
  });
  return writeCsv(SAMPLE_COLUMNS, rows);
}
