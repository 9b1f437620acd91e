/**
 * Spreadsheet formula injection: names an employer or an admin typed (an employer's name, a
 * county) reach the council's CSV exports, the public /transparency.csv and the roster CSV. Every
 * CSV the app serves is written by writeCsv (app/domain/csv.ts), so no cell of any of them starts
 * a formula; a name that would is written with a leading quote.
 */
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { isFormulaLike } from "#app/domain/csv.ts";
import * as councilExport from "#app/routes/council.export.$table[.csv].ts";
import * as rosterCsv from "#app/routes/employer.roster[.csv].ts";
import * as transparencyCsv from "#app/routes/transparency[.csv].ts";
import { call, signInAs, startTestApp } from "#tests/support/harness.ts";

const NAME = '=HYPERLINK("http://x")';
const COUNTY = '@SUM(1+1)*cmd|" /C calc"!A0';
const SMALL = '+HYPERLINK("http://y")';

let council: string;

beforeAll(async () => {
  await startTestApp();
  council = await signInAs("demo-council");
  const { createEmployer } = await import("#app/models/employer.server.ts");
  const { addEmployment } = await import("#app/models/employment.server.ts");
  const { changeStatuses } = await import("#app/models/status.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  // One Texas employer large enough to be shown, one small enough to be withheld: names are written either way.
  const big = createEmployer({ name: NAME, sector: "lodging", jurisdiction: "US-TX", county: COUNTY }, now());
  for (let i = 0; i < 8; i++) changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: big.id, fullName: `-2+3 Worker ${i}`, jobRole: "housekeeping" }, now(), tx));
  const small = createEmployer({ name: SMALL, sector: "lodging", jurisdiction: "US-TX", county: "-1+1" }, now());
  changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: small.id, fullName: "Solo", jobRole: "housekeeping" }, now(), tx));
});

/** The cells as a spreadsheet reads them (quotes and the byte-order mark taken off, nothing unescaped). */
function cells(text: string): string[] {
  return (parse(text, { bom: true, relax_column_count: true }) as string[][]).flat();
}

function expectNoFormula(text: string, label: string) {
  const all = cells(text);
  expect(all.length, label).toBeGreaterThan(4);
  expect(all.filter(isFormulaLike), `${label}: cells a spreadsheet would run`).toEqual([]);
}

describe("no CSV the app serves starts a formula", () => {
  it("the council's exports, every table", async () => {
    const text = async (table: string) => {
      const res = await call(councilExport.loader, `/council/export/${table}.csv`, { cookie: council, params: { table } });
      expect(res.status, table).toBe(200);
      return res.data as string;
    };
    for (const table of ["trend", "sectors", "counties", "size-bands", "employers"]) expectNoFormula(await text(table), table);
    const employers = cells(await text("employers"));
    expect(employers).toContain(`'${NAME}`);
    expect(employers).toContain(`'${SMALL}`);
    expect(employers).toContain(`'${COUNTY}`);
    expect(cells(await text("counties"))).toContain(`'${COUNTY}`);
  });

  it("the public /transparency.csv", async () => {
    const text = (await call(transparencyCsv.loader, "/transparency.csv")).data as string;
    expectNoFormula(text, "transparency.csv");
    expect(cells(text)).toContain(`'${COUNTY}`);
    expect(cells(text)).toContain("'-1+1");
  });

  it("the employer's roster.csv", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const { createUser } = await import("#app/models/user.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const employerId = (getDb().$client.prepare("SELECT id FROM employers WHERE name = ?").get(NAME) as { id: string }).id;
    await createUser({ username: "formula-admin", name: "Formula Admin", password: "frontline-demo", kind: "employer_admin", employerId }, now());
    const admin = await signInAs("formula-admin");
    const text = (await call(rosterCsv.loader, "/employer/roster.csv", { cookie: admin })).data as string;
    expectNoFormula(text, "roster.csv");
    expect(cells(text)).toContain("'-2+3 Worker 0");
  });
});
