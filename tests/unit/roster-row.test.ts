/**
 * The roster row (one schema for the form and the import, one column list for import and
 * export) and the CSV formula escaping the export writes and the import reads back.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeCell, isFormulaLike, readCsv, unescapeCell, writeCsv } from "#app/domain/csv.ts";
import { parseRosterCsv, planImport, type ExistingRow } from "#app/domain/roster-import.ts";
import { EXPORT_COLUMNS, IMPORT_COLUMNS, LIMITS, readRosterRow, REQUIRED_COLUMNS, ROSTER_FIELDS, shownValue, type RowContext } from "#app/domain/roster-row.ts";

const ctx: RowContext = {
  roles: [
    { id: "housekeeping", label: "Housekeeping or laundry" },
    { id: "front-desk", label: "Front desk" },
  ],
  sites: [
    { id: "site-1", name: "Main building" },
    { id: "site-2", name: "Lakeview annex" },
  ],
  today: "2026-05-10",
};
const row = { fullName: "Ana Torres", employeeId: "LI-1", jobRole: "housekeeping", siteId: "", hireDate: "2026-01-05" };

describe("formula escaping (OWASP CSV injection)", () => {
  it("quotes what a spreadsheet would run, after leading spaces too, and nothing else", () => {
    for (const v of ["=1+1", "+1 608 555 0134", "-555 0100", "@SUM(A1)", "\t=x", "\rx", " =x", "  -x", "\uFF1D1", "\uFF0B1"]) expect(escapeCell(v), JSON.stringify(v)).toBe(`'${v}`);
    for (const v of ["Ana", "", "José Núñez", "(608) 555-0100", "'hello", "a=b", "2026-01-05"]) expect(escapeCell(v), JSON.stringify(v)).toBe(v);
    // A value that already looks escaped gets one more quote, so that reading it back is exact.
    expect(escapeCell("'=x")).toBe("''=x");
    expect(unescapeCell("''=x")).toBe("'=x");
    expect(unescapeCell("'+1 608")).toBe("+1 608");
    expect(unescapeCell("'hello")).toBe("'hello");
  });

  it("reads back exactly what it wrote, and never writes a formula", () => {
    const tricky = fc.stringMatching(/^['\s=+\-@\t\r\uFF1D a-z0-9"",\n]{0,12}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), tricky), (v) => {
        expect(unescapeCell(escapeCell(v))).toBe(v);
        expect(isFormulaLike(escapeCell(v))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("a CSV the app writes reads back cell for cell (quoting, line breaks, escaping); numbers stay numbers", () => {
    const cell = fc.oneof(fc.string(), fc.stringMatching(/^['\s=+\-@\t\r a-z",\n]{0,10}$/));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (rows) => {
        // csv-parse skips empty lines: a row of empty cells is not one we would write.
        const written = rows.filter((r) => r.some((c) => c !== ""));
        expect(readCsv(writeCsv(["a", "b"], written))).toEqual([["a", "b"], ...written]);
      }),
      { numRuns: 500 },
    );
    const text = writeCsv(["n", "s"], [[-3, "-3"], [null, undefined]]);
    expect(text).toBe("\uFEFFn,s\r\n-3,'-3\r\n,\r\n");
  });
});

describe("the roster row", () => {
  it("has one column list: the import reads the export's roster columns and needs the same five", () => {
    expect(REQUIRED_COLUMNS).toEqual(["name", "employee_id", "role", "site", "hire_date"]);
    expect(IMPORT_COLUMNS.map((c) => c.field).sort()).toEqual([...ROSTER_FIELDS].sort());
    for (const c of IMPORT_COLUMNS) expect(EXPORT_COLUMNS).toContain(c.column);
  });

  it("reads a role by id or label and a site by id or name, in any case; an empty site is none", () => {
    const read = (fields: Record<string, string>) => readRosterRow({ ...row, ...fields }, ctx);
    expect(read({ jobRole: "FRONT DESK", siteId: "lakeview ANNEX" })).toEqual({ ok: true, row: { ...row, jobRole: "front-desk", siteId: "site-2" } });
    expect(read({ jobRole: "front-desk", siteId: "site-1" })).toMatchObject({ ok: true, row: { jobRole: "front-desk", siteId: "site-1" } });
    expect(read({ employeeId: "  " })).toMatchObject({ ok: true, row: { employeeId: null, siteId: null } });
    // Optional fields the input lacks stay undefined (left as they are); given empty, they are none.
    const lacking = read({});
    expect(lacking.ok && "email" in lacking.row).toBe(false);
    expect(read({ email: "", phone: " ", language: "" })).toMatchObject({ ok: true, row: { email: null, phone: null, language: null } });
    expect(read({ language: "Español" })).toMatchObject({ ok: true, row: { language: "es" } });
    expect(read({ hireDate: "3/2/2026" })).toMatchObject({ ok: true, row: { hireDate: "2026-03-02" } });
  });

  it("names each problem by field and id, with the offending value shown cut to 60 characters", () => {
    const long = "é".repeat(LIMITS.fullName + 1);
    const read = readRosterRow({ ...row, fullName: long, employeeId: "LI 1", jobRole: "astronaut", siteId: "Moon base", hireDate: "2027-05-11", email: "nope", phone: "call me", language: "fr" }, ctx);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toEqual([
      { field: "fullName", key: "nameLong", values: { value: `${"é".repeat(59)}…`, max: 100 } },
      { field: "employeeId", key: "employeeIdChars", values: { value: "LI 1", max: 40 } },
      { field: "jobRole", key: "unknownRole", values: { value: "astronaut", roles: "\"Housekeeping or laundry\"; \"Front desk\"" } },
      { field: "siteId", key: "unknownSite", values: { value: "Moon base", sites: "Main building, Lakeview annex" } },
      { field: "hireDate", key: "dateTooFar", values: { value: "2027-05-11" } },
      { field: "email", key: "emailInvalid", values: { value: "nope", max: 254 } },
      { field: "phone", key: "phoneChars", values: { value: "call me", max: 40 } },
      { field: "language", key: "languageInvalid", values: { value: "fr" } },
    ]);
    expect(readRosterRow({ ...row, hireDate: "2027-05-10" }, ctx).ok).toBe(true);
    expect(readRosterRow({ ...row, siteId: "Main building" }, { ...ctx, sites: [] })).toMatchObject({ ok: false, problems: [{ key: "noSites" }] });
    expect(shownValue("a\nb")).toBe("a b");
    expect(shownValue("x".repeat(60))).toBe("x".repeat(60));
  });
});

describe("import planning", () => {
  const existing: ExistingRow[] = [
    { employmentId: "e1", employeeId: "LI-1", fullName: "=Ana", jobRole: "housekeeping", siteId: null, hireDate: "2026-01-05", email: null, phone: "+1 608 555 0134", language: null, former: false },
    { employmentId: "e2", employeeId: null, fullName: "Joined By Poster", jobRole: "front-desk", siteId: "site-1", hireDate: "2026-02-01", email: null, phone: null, language: "es", former: false },
  ];
  const header = "name,employee_id,role,site,hire_date,status,email,phone,language";

  it("reads the export's escaping back, and a row without an employee id only as the roster has it", () => {
    const csv = [header, "'=Ana,LI-1,Housekeeping or laundry,,2026-01-05,Due,,'+1 608 555 0134,", "Joined By Poster,,Front desk,Main building,2026-02-01,Due,,,es"].join("\r\n");
    const parsed = parseRosterCsv(csv, ctx);
    expect(parsed.errors).toEqual([]);
    const { plan, errors } = planImport(existing, parsed.rows);
    expect(errors).toEqual([]);
    expect(plan.unchanged).toHaveLength(2);
    expect([plan.added, plan.changed, plan.missing]).toEqual([[], [], []]);

    const other = parseRosterCsv([header, "Joined By Poster,,Front desk,Lakeview annex,2026-02-01,Due,,,es"].join("\n"), ctx);
    const refused = planImport(existing, other.rows);
    expect(refused.errors).toEqual([{ line: 2, field: "employeeId", key: "noEmployeeId", values: { value: "Joined By Poster" } }]);
    expect(refused.plan).toEqual({ added: [], changed: [], unchanged: [], missing: [] });
  });

  it("refuses a repeated employee id with the value and the earlier line", () => {
    const parsed = parseRosterCsv([header, "A,LI-9,front-desk,,2026-01-05,,,,", "B,LI-9,front-desk,,2026-01-05,,,,"].join("\n"), ctx);
    expect(parsed).toEqual({ rows: [], errors: [{ line: 3, field: "employeeId", key: "duplicateId", values: { value: "LI-9", earlier: 2 } }] });
  });
});
