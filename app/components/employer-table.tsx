import { Link } from "@remix-run/react";
import { formatNumber, formatPercent } from "#app/i18n/format.ts";
import { countyName, sectorName } from "./council-labels.ts";
import { useLang, useT } from "./i18n.tsx";

/** Employers with their counts (council pages): names of employers, never of workers. */
export function EmployerTable({ rows }: { rows: { id: string; name: string; sector: string; county: string | null; covered: number; compliant: number; overdue: number; rate: number | null }[] }) {
  const t = useT("council");
  const lang = useLang();
  return (
    <div className="table-wrap">
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
              <td>{sectorName(t, e.sector)}</td>
              <td>{countyName(t, e.county)}</td>
              <td>{formatNumber(e.covered, lang)}</td>
              <td>{formatNumber(e.compliant, lang)}</td>
              <td>{formatNumber(e.overdue, lang)}</td>
              <td>{formatPercent(e.rate, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
