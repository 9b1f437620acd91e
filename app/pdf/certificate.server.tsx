import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { QrCode, prepareFonts } from "./shared.server.tsx";
import type { Hotline } from "#app/domain/content-schema.ts";

/**
 * The certificate: one US Letter page, landscape, with the embedded fonts and a vector QR
 * code pointing at its public check page.
 */
export interface CertificatePdfData {
  code: string; // formatted, with dashes
  holderName: string;
  employerName: string;
  jobRoleLabel: string;
  courseTitle: string;
  courseVersion: string;
  contentHash: string;
  score: number;
  attestedAt: string; // ISO timestamp
  issuedOn: string;
  expiresOn: string;
  verifyUrl: string;
  hotline: Pick<Hotline, "name" | "call" | "text"> | undefined;
}

const BRAND = "#0b4f6c";
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", fontSize: 10.5, color: "#1b1f24", padding: 36 },
  frame: { flex: 1, border: `3pt solid ${BRAND}`, padding: 28, flexDirection: "column" },
  brand: { fontSize: 12, fontWeight: "bold", color: BRAND, letterSpacing: 1 },
  title: { fontSize: 26, fontWeight: "bold", marginTop: 14, color: BRAND },
  lead: { fontSize: 12, marginTop: 16 },
  name: { fontSize: 28, fontWeight: "bold", marginTop: 6 },
  course: { fontSize: 13, marginTop: 10 },
  row: { flexDirection: "row", marginTop: 18, flexGrow: 1 },
  facts: { width: 400, flexDirection: "column", paddingRight: 16 },
  fact: { flexDirection: "row", marginBottom: 4 },
  label: { width: 118, color: "#4a5561" },
  value: { width: 266 },
  qrBox: { width: 250, alignItems: "center" },
  code: { fontSize: 12, fontWeight: "bold", letterSpacing: 0.5, marginTop: 6 },
  small: { fontSize: 8.5, color: "#4a5561", marginTop: 3, textAlign: "center" },
  hotline: { marginTop: 10, paddingTop: 8, borderTop: "1pt solid #c9d1d9", fontSize: 10 },
});

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.fact}>
      <Text style={styles.label}>{label}</Text>
      <Text style={styles.value}>{value}</Text>
    </View>
  );
}

export function CertificateDocument({ c }: { c: CertificatePdfData }) {
  return (
    <Document title={`Certificate ${c.code}`} author="Frontline Ready" subject={c.courseTitle} language="en">
      <Page size="LETTER" orientation="landscape" style={styles.page}>
        <View style={styles.frame}>
          <Text style={styles.brand}>FRONTLINE READY</Text>
          <Text style={styles.title}>Certificate of completion</Text>
          <Text style={styles.lead}>This certifies that</Text>
          <Text style={styles.name}>{c.holderName}</Text>
          <Text style={styles.course}>
            completed “{c.courseTitle}”, human trafficking awareness training for frontline workers, and passed its quiz.
          </Text>
          <View style={styles.row}>
            <View style={styles.facts}>
              <Fact label="Employer" value={c.employerName} />
              <Fact label="Role" value={c.jobRoleLabel} />
              <Fact label="Score" value={`${c.score}%`} />
              <Fact label="Learner attested" value={c.attestedAt.replace("T", " ").slice(0, 16) + " UTC"} />
              <Fact label="Issued" value={c.issuedOn} />
              <Fact label="Valid through" value={c.expiresOn} />
              <Fact label="Course version" value={c.courseVersion} />
              <Fact label="Content hash" value={c.contentHash.slice(0, 32)} />
            </View>
            <View style={styles.qrBox}>
              <QrCode value={c.verifyUrl} size={120} />
              <Text style={styles.code}>{c.code}</Text>
              <Text style={styles.small}>Scan, or check this code at</Text>
              <Text style={styles.small}>{c.verifyUrl.replace(/\/verify\/.*$/, "/verify")}</Text>
            </View>
          </View>
          {c.hotline ? (
            <Text style={styles.hotline}>
              See something? Someone in immediate danger: call 911. {c.hotline.name}: call {c.hotline.call}
              {c.hotline.text ? `, text ${c.hotline.text}` : ""} (24/7).
            </Text>
          ) : null}
        </View>
      </Page>
    </Document>
  );
}

export async function renderCertificatePdf(c: CertificatePdfData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<CertificateDocument c={c} />);
}
