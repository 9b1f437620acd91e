import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { formatPercent, formatUtcTime } from "#app/i18n/format.ts";
import { prepareFonts } from "./shared.server.tsx";

/** The compliance report: who is covered, their status, and the certificate that proves it. */
export interface ReportData {
  employerName: string;
  jurisdiction: string;
  rule: { title: string; citation: string; verified: boolean } | null;
  generatedAt: string; // ISO timestamp
  generatedBy: string;
  summary: { covered: number; compliant: number; rate: number | null };
  rows: {
    name: string;
    employeeId: string;
    role: string;
    site: string;
    hireDate: string;
    terminationDate: string;
    status: string;
    detail: string;
    certificate: string;
    completedOn: string;
  }[];
}

const BRAND = "#0b4f6c";
const COLS: [keyof ReportData["rows"][number], string, number][] = [
  ["name", "Name", 120],
  ["employeeId", "Emp. ID", 52],
  ["role", "Role", 92],
  ["site", "Site", 72],
  ["hireDate", "Hired", 58],
  ["terminationDate", "Left", 58],
  ["status", "Status", 62],
  ["detail", "Date", 80],
  ["certificate", "Certificate", 104],
  ["completedOn", "Completed", 58],
];
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", fontSize: 8, padding: 30, paddingBottom: 40, color: "#1b1f24" },
  brand: { fontSize: 10, fontWeight: "bold", color: BRAND },
  title: { fontSize: 16, fontWeight: "bold", color: BRAND, marginTop: 4 },
  line: { fontSize: 9, marginTop: 3 },
  header: { flexDirection: "row", borderBottom: "1pt solid #1b1f24", marginTop: 12, paddingBottom: 3, fontWeight: "bold" },
  row: { flexDirection: "row", borderBottom: "0.5pt solid #c9d1d9", paddingVertical: 2.5 },
  footer: { position: "absolute", bottom: 18, left: 30, right: 30, fontSize: 7.5, color: "#4a5561", flexDirection: "row", justifyContent: "space-between" },
});

export function ReportDocument({ r }: { r: ReportData }) {
  return (
    <Document title={`Compliance report — ${r.employerName}`} author="Frontline Ready" language="en">
      <Page size="LETTER" orientation="landscape" style={styles.page} wrap>
        <Text style={styles.brand}>FRONTLINE READY</Text>
        <Text style={styles.title}>Anti-trafficking training compliance report</Text>
        <Text style={styles.line}>
          {r.employerName} · {r.jurisdiction}
        </Text>
        <Text style={styles.line}>
          Rule: {r.rule ? `${r.rule.title} (${r.rule.citation})${r.rule.verified ? "" : " — not yet verified against the statute text"}` : "none on file"}
        </Text>
        <Text style={styles.line}>
          Generated {formatUtcTime(r.generatedAt, "second")} UTC by {r.generatedBy}. Covered current workers: {r.summary.covered}; compliant:{" "}
          {r.summary.compliant}
          {r.summary.rate === null ? "" : ` (${formatPercent(r.summary.rate, "en")})`}. Former staff within the retention period are listed with their last day.
        </Text>
        <View style={styles.header} fixed>
          {COLS.map(([key, label, width]) => (
            <Text key={key} style={{ width }}>
              {label}
            </Text>
          ))}
        </View>
        {r.rows.map((row, i) => (
          <View key={i} style={styles.row} wrap={false}>
            {COLS.map(([key, , width]) => (
              <Text key={key} style={{ width }}>
                {row[key]}
              </Text>
            ))}
          </View>
        ))}
        <View style={styles.footer} fixed>
          <Text>
            {r.employerName} · generated {r.generatedAt.slice(0, 10)}
          </Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} of ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}

export async function renderReportPdf(r: ReportData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<ReportDocument r={r} />);
}
