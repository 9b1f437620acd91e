/** A compliance report of `n` rows for the report benchmark and tests: names of many lengths and scripts (some wrap onto two or three lines), every status, former staff. */
import type { ReportData } from "#app/pdf/report.server.ts";

const FIRST = ["Maria", "José", "Ana", "Chidi", "Łukasz", "Mei", "Omar", "Greta", "Samuel", "Inês", "Kwame", "Priya", "Tomás", "Yuki", "Maria Fernanda", "Nguyễn Thị"];
const LAST = ["Lopez", "Núñez", "Torres", "Okafor", "Ștefănescu", "Chen", "Haddad", "Lindqvist", "Park", "de los Santos García", "Mensah", "Shah", "Ruiz", "Sato", "Vasquez-Montenegro"];
const ROLES = ["Front desk", "Housekeeping", "Maintenance", "Food and beverage", "Security"];
const SITES = ["North", "South", "Airport", "Downtown Convention Center"];
const STATUSES = ["Compliant", "Expiring soon", "Due", "Overdue", "Expired", "Not covered"];

export function reportRows(n: number): ReportData["rows"] {
  const rows: ReportData["rows"] = [];
  for (let i = 0; i < n; i++) {
    const certified = i % 3 !== 0;
    // Every 50th name is long enough to take two or three lines.
    const name = i % 50 === 7 ? `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${LAST[(i * 3) % LAST.length]} ${LAST[(i * 5) % LAST.length]} ${i}` : `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`;
    rows.push({
      name,
      employeeId: `E${100000 + i}`,
      role: ROLES[i % ROLES.length]!,
      site: SITES[i % SITES.length]!,
      hireDate: `20${String(18 + (i % 7)).padStart(2, "0")}-0${1 + (i % 9)}-1${i % 10}`,
      terminationDate: i % 15 === 0 ? "2025-03-31" : "",
      status: STATUSES[i % STATUSES.length]!,
      detail: "2026-01-15",
      certificate: certified ? `7KX4P-DEM${String(i % 100).padStart(2, "0")}-QRT9H` : "",
      completedOn: certified ? "2025-01-15" : "",
    });
  }
  return rows;
}

export function sampleReport(n: number): ReportData {
  return {
    employerName: "Big Hotel Group",
    jurisdiction: "US-TX",
    rule: { title: "Texas hotel training rule", citation: "1 TAC 54.101", verified: true },
    generatedAt: "2026-05-01T12:00:00.000Z",
    generatedBy: "Big Admin",
    summary: { covered: n, compliant: Math.round(n / 2), rate: 50 },
    rows: reportRows(n),
  };
}
