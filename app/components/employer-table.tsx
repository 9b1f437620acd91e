import { Link } from "@remix-run/react";
import { countyName, sectorName } from "./council-labels.ts";
import { useLang, useT } from "./i18n.tsx";

/** Employers with their counts (council pages): names of employers, never of workers. */
export function EmployerTable({ rows }: { rows: { id: string; name: string; sector: string; county: string | null; covered: number; compliant: number; overdue: number; rate: number | null }[] }) {
  const t = useT("council");
  const locale = useLang() === "es" ? "es-US" : "en-US";
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
              <td>{e.covered.toLocaleString(locale)}</td>
              <td>{e.compliant.toLocaleString(locale)}</td>
              <td>{e.overdue.toLocaleString(locale)}</td>
              <td>{e.rate === null ? "—" : `${e.rate}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
