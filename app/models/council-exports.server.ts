/**
 * CSV for the council's tables and the public transparency page, with small cells withheld.
 * Groups are written as their ids (a sector id, a size band id such as "10-49", a county's
 * name; an empty cell when no county is recorded), not in one interface language. Written by
 * writeCsv: employer and county names are typed by people, and a name like `=HYPERLINK(…)`
 * must reach a spreadsheet as text.
 */
import { SUPPRESS_BELOW, SUPPRESS_BELOW_EMPLOYERS } from "#app/domain/aggregates.ts";
import { writeCsv, type CsvCell } from "#app/domain/csv.ts";
import { councilOverview, employerRows, shownEmployer, shownOverview, transparencyRows, type ShownGroup } from "./council.server.ts";

export const COUNCIL_TABLES = ["trend", "sectors", "counties", "size-bands", "employers"] as const;
export type CouncilTable = (typeof COUNCIL_TABLES)[number];

const SUPPRESSED = `suppressed (fewer than ${SUPPRESS_BELOW} workers or ${SUPPRESS_BELOW_EMPLOYERS} employers)`;
/** A past month with no month-end record: nothing is known of it (not a month of 0 workers). */
const NO_RECORD = "no data (no month-end record)";

function groupCsv(header: string, groups: ShownGroup<string | null>[]) {
  return writeCsv(
    [header, "employers", "covered_workers", "compliant_workers", "rate_percent", "note"],
    groups.map((g): CsvCell[] => [g.key, g.employers, g.covered, g.compliant, g.rate, g.suppressed ? SUPPRESSED : ""]),
  );
}

/** One council table as CSV: the figures the council's pages show (shownOverview, shownEmployer), cells of fewer than 5 covered workers withheld. */
export function councilCsv(table: CouncilTable, jurisdiction: string, now: Date): { text: string; rows: number } {
  if (table === "employers") {
    const rows = employerRows(jurisdiction)
      .filter((r) => r.covered > 0)
      .sort((a, b) => a.name.localeCompare(b.name));
    const body = rows.map((row): CsvCell[] => {
      const r = shownEmployer(row);
      return [r.name, r.sector, r.county, r.sizeBand, r.covered, r.compliant, r.overdue, r.rate, row.trained === 0 ? "yes" : "no", r.suppressed ? SUPPRESSED : ""];
    });
    return { text: writeCsv(["employer", "sector", "county", "size_band", "covered_workers", "compliant_workers", "overdue_workers", "rate_percent", "no_training_activity", "note"], body), rows: body.length };
  }
  const o = shownOverview(councilOverview(jurisdiction, now));
  if (table === "trend") {
    const body = o.trend.map((p): CsvCell[] => [p.month, p.covered, p.compliant, p.rate, p.suppressed ? SUPPRESSED : p.covered === null ? NO_RECORD : ""]);
    return { text: writeCsv(["month", "covered_workers", "compliant_workers", "rate_percent", "note"], body), rows: body.length };
  }
  const groups = table === "sectors" ? o.bySector : table === "counties" ? o.byCounty : o.bySize;
  return { text: groupCsv(table === "sectors" ? "sector" : table === "counties" ? "county" : "size_band", groups), rows: groups.length };
}

export function transparencyCsv() {
  const rows = transparencyRows();
  return writeCsv(
    ["jurisdiction", "breakdown", "group", "covered_workers", "compliant_workers", "rate_percent", "note"],
    rows.map((r) => [r.jurisdiction, r.kind, r.label, r.covered, r.compliant, r.rate, r.suppressed ? SUPPRESSED : ""]),
  );
}
