/**
 * The council's and the public data carry ids, not English: a size band is "1-9", a sector is
 * "lodging", and an employer with no county recorded is in the county group `null` (an
 * empty cell in CSV), which only the pages put into words.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as councilHome from "#app/routes/council._index.tsx";
import * as councilExport from "#app/routes/council.export.$table[.csv].ts";
import * as transparencyCsv from "#app/routes/transparency[.csv].ts";
import * as transparencyJson from "#app/routes/transparency[.json].ts";
import { call, signInAs, startTestApp } from "#tests/support/harness.ts";

let council: string;

beforeAll(async () => {
  await startTestApp();
  council = await signInAs("demo-council");
  const { createEmployer } = await import("#app/models/employer.server.ts");
  const { addEmployment } = await import("#app/models/employment.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  const { changeStatuses } = await import("#app/models/status.server.ts");
  // Three Texas motels whose county nobody recorded, with 12 covered workers each (three, so the group is shown: ADR 010).
  for (const name of ["Nowhere Motel", "Nowhere Inn", "Nowhere Lodge"]) {
    const motel = createEmployer({ name, sector: "lodging", jurisdiction: "US-TX" }, now());
    for (let i = 0; i < 12; i++) changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: motel.id, fullName: `N${i}`, jobRole: "housekeeping" }, now(), tx));
  }
});

describe("ids in the council's and the public data", () => {
  it("the dashboard's groups are keyed by sector id, county name or null, and size band id", async () => {
    const d = (await call(councilHome.loader, "/council", { cookie: council })).data as { bySector: { key: string }[]; byCounty: { key: string | null; covered: number }[]; bySize: { key: string }[] };
    expect(d.bySector.map((g) => g.key)).toEqual(["lodging"]);
    expect(d.byCounty.map((g) => g.key)).toEqual(["Travis", null]);
    expect(d.byCounty.find((g) => g.key === null)!.covered).toBe(36);
    expect(d.bySize.map((g) => g.key)).toEqual(["1-9", "10-49"]);
  });

  it("the public JSON and CSV have null / an empty cell for a county not recorded", async () => {
    const json = (await call(transparencyJson.loader, "/transparency.json")).data as { rows: { jurisdiction: string; kind: string; label: string | null; covered: number | null }[] };
    expect(json.rows.filter((r) => r.jurisdiction === "US-TX" && r.kind === "county").map((r) => [r.label, r.covered])).toEqual([
      ["Travis", null],
      [null, 36],
    ]);
    const csv = (await call(transparencyCsv.loader, "/transparency.csv")).data as string;
    expect(csv).toContain("\r\nUS-TX,county,,36,0,0,\r\n");
    expect(csv).not.toContain("not recorded");
  });

  it("the council's CSV exports write size band ids and leave a county not recorded empty", async () => {
    const get = async (table: string) => ((await call(councilExport.loader, `/council/export/${table}.csv`, { cookie: council, params: { table } })).data as string).trim().split("\r\n");
    expect(await get("size-bands")).toEqual(expect.arrayContaining([expect.stringMatching(/^1-9,1,,,,suppressed/), "10-49,3,36,0,0,"]));
    expect(await get("counties")).toContain(",3,36,0,0,");
    expect((await get("employers")).find((l) => l.startsWith("Nowhere Motel"))).toBe("Nowhere Motel,lodging,,10-49,12,0,0,0,yes,");
  });
});
