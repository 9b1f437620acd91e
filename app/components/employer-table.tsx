import { Link } from "@remix-run/react";

/** Employers with their counts (council pages): names of employers, never of workers. */
export function EmployerTable({ rows }: { rows: { id: string; name: string; sector: string; county: string | null; covered: number; compliant: number; overdue: number; rate: number | null }[] }) {
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Employer</th>
            <th scope="col">Sector</th>
            <th scope="col">County</th>
            <th scope="col">Covered</th>
            <th scope="col">Compliant</th>
            <th scope="col">Overdue</th>
            <th scope="col">Rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <th scope="row">
                <Link to={`/council/employers/${e.id}`}>{e.name}</Link>
              </th>
              <td>{e.sector}</td>
              <td>{e.county ?? ""}</td>
              <td>{e.covered.toLocaleString("en-US")}</td>
              <td>{e.compliant.toLocaleString("en-US")}</td>
              <td>{e.overdue.toLocaleString("en-US")}</td>
              <td>{e.rate === null ? "—" : `${e.rate}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
