/**
 * The small-cell rule by employers: a county or sector that one or two employers have to
 * themselves is withheld on /transparency, its CSV and JSON, and on the council's pages and
 * exports alike, however many workers it has; with a third employer it is shown everywhere.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as councilHome from "#app/routes/council._index.tsx";
import * as councilExport from "#app/routes/council.export.$table[.csv].ts";
import * as transparencyPage from "#app/routes/transparency._index.tsx";
import * as transparencyJson from "#app/routes/transparency[.json].ts";
import * as transparencyCsv from "#app/routes/transparency[.csv].ts";
import { call, signInAs, startTestApp } from "#tests/support/harness.ts";

beforeAll(async () => {
  await startTestApp();
});

type Row = { jurisdiction: string; kind: string; label: string | null; covered: number | null; compliant: number | null; rate: number | null; suppressed: boolean };

async function hire(name: string, county: string, workers: number) {
  const { createEmployer } = await import("#app/models/employer.server.ts");
  const { addEmployment } = await import("#app/models/employment.server.ts");
  const { changeStatuses } = await import("#app/models/status.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  const e = createEmployer({ name, sector: "lodging", jurisdiction: "US-TX", county }, now());
  for (let i = 0; i < workers; i++) changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: e.id, fullName: `${name} ${i}`, jobRole: "housekeeping" }, now(), tx));
  return e;
}

async function everywhere(county: string) {
  const json = (await call(transparencyJson.loader, "/transparency.json")).data as { suppressBelowWorkers: number; suppressBelowEmployers: number; rows: Row[] };
  const page = (await call(transparencyPage.loader, "/transparency")).data as { employerThreshold: number; jurisdictions: { id: string; counties: Row[] }[] };
  const csv = ((await call(transparencyCsv.loader, "/transparency.csv")).data as string).trim().split("\r\n");
  const cookie = await signInAs("demo-council");
  const council = (await call(councilHome.loader, "/council", { cookie })).data as { byCounty: { key: string | null; employers: number; covered: number | null; rate: number | null; suppressed: boolean }[] };
  const councilCsv = ((await call(councilExport.loader, "/council/export/counties.csv", { cookie, params: { table: "counties" } })).data as string).trim().split("\r\n");
  return {
    json,
    jsonRow: json.rows.find((r) => r.jurisdiction === "US-TX" && r.kind === "county" && r.label === county),
    pageRow: page.jurisdictions.find((j) => j.id === "US-TX")?.counties.find((r) => r.label === county),
    employerThreshold: page.employerThreshold,
    csvRow: csv.find((l) => l.startsWith(`US-TX,county,${county},`)),
    councilRow: council.byCounty.find((g) => g.key === county),
    councilCsvRow: councilCsv.find((l) => l.startsWith(`${county},`)),
  };
}

describe("suppression by employers", () => {
  it("withholds a county with one or two employers on the public page, CSV and JSON and on the council's page and CSV, then shows it with three", async () => {
    // One hotel with 40 covered workers alone in its county: plenty of workers, one employer.
    await hire("Solo Grand Hotel", "Presidio", 40);
    let seen = await everywhere("Presidio");
    expect(seen.json.suppressBelowWorkers).toBe(5);
    expect(seen.json.suppressBelowEmployers).toBe(3);
    expect(seen.employerThreshold).toBe(3);
    for (const row of [seen.jsonRow, seen.pageRow]) expect(row).toMatchObject({ suppressed: true, covered: null, compliant: null, rate: null });
    expect(seen.csvRow).toBe("US-TX,county,Presidio,,,,suppressed (fewer than 5 workers or 3 employers)");
    expect(seen.councilRow).toMatchObject({ employers: 1, suppressed: true, covered: null, rate: null });
    expect(seen.councilCsvRow).toBe("Presidio,1,,,,suppressed (fewer than 5 workers or 3 employers)");

    // A second employer: still two, still withheld (the difference would give the other's rate).
    await hire("Second Inn", "Presidio", 6);
    seen = await everywhere("Presidio");
    expect(seen.jsonRow).toMatchObject({ suppressed: true, covered: null });
    expect(seen.councilRow).toMatchObject({ employers: 2, suppressed: true, covered: null });

    // A third: shown everywhere, the same figures.
    await hire("Third Motel", "Presidio", 5);
    seen = await everywhere("Presidio");
    for (const row of [seen.jsonRow, seen.pageRow]) expect(row).toMatchObject({ suppressed: false, covered: 51, compliant: 0, rate: 0 });
    expect(seen.csvRow).toBe("US-TX,county,Presidio,51,0,0,");
    expect(seen.councilRow).toMatchObject({ employers: 3, suppressed: false, covered: 51, rate: 0 });
    expect(seen.councilCsvRow).toBe("Presidio,3,51,0,0,");
  });

  it("never lets the public JSON or CSV carry a figure of a group of fewer than 3 employers or 5 workers", async () => {
    const { employerRows } = await import("#app/models/council.server.ts");
    const rows = employerRows();
    const json = (await call(transparencyJson.loader, "/transparency.json")).data as { rows: Row[] };
    for (const r of json.rows) {
      const members = rows.filter((e) => e.jurisdiction === r.jurisdiction && (r.kind === "sector" ? e.sector === r.label : e.county === r.label) && e.covered > 0);
      const covered = members.reduce((n, e) => n + e.covered, 0);
      const small = members.length < 3 || covered < 5;
      expect(r.suppressed, JSON.stringify(r)).toBe(small);
      if (small) expect([r.covered, r.compliant, r.rate]).toEqual([null, null, null]);
    }
  });
});
