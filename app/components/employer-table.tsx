import { Link } from "@remix-run/react";
import { formatNumber, formatPercent } from "#app/i18n/format.ts";
import { countyName, sectorLabel } from "./council-labels.ts";
import { useLang, useT } from "./i18n.tsx";
import { TableWrap } from "./table-wrap.tsx";

type Row = { id: string; name: string; sector: string; county: string | null; covered: number | null; compliant: number | null; overdue: number | null; rate: number | null; suppressed: boolean };

/** Employers with their counts (council pages): names of employers, never of workers; counts of fewer than 5 covered workers withheld. */
export function EmployerTable({ rows, label }: { rows: Row[]; label: string }) {
  const t = useT("council");
  const lang = useLang();
  const count = (r: Row, n: number | null) => (r.suppressed ? t("table.suppressed") : formatNumber(n, lang));
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("table.employer")}</th>
            <th scope="col">{t("table.sector")}</th>
            <th scope="col">{t("table.county")}</th>
            <th scope="col">{t("table.covered")}</th>
            <th scope="col">{t("table.compliant")}</th>
            <th scope="col">{t("table.overdue")}</th>
            <th scope="col">{t("table.rate")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <Link to={`/council/employers/${e.id}`}>{e.name}</Link>
              </th>
              <td>{sectorLabel(t, e.sector)}</td>
              <td>{countyName(t, e.county)}</td>
              <td>{count(e, e.covered)}</td>
              <td>{count(e, e.compliant)}</td>
              <td>{count(e, e.overdue)}</td>
              <td>{e.suppressed ? t("table.suppressed") : formatPercent(e.rate, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.some((r) => r.suppressed) ? <p className="meta">{t("table.suppressedNote")}</p> : null}
    </TableWrap>
  );
}
