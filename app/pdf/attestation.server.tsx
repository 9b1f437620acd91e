import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { formatDateTime, timeZoneOf } from "#app/i18n/format.ts";
import { prepareFonts } from "./shared.server.tsx";

/** An employer's signed attestation for a period, as filed with the state or kept on record. */
export interface AttestationData {
  employerName: string;
  jurisdiction: string;
  ruleTitle: string;
  citation: string;
  what: string;
  period: string;
  statement: string;
  signedName: string;
  signedTitle: string;
  signedAt: string; // ISO timestamp
  covered: number;
  compliant: number;
  reference: string;
}

const BRAND = "#0b4f6c";
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", fontSize: 11, padding: 54, color: "#1b1f24" },
  brand: { fontSize: 10, fontWeight: "bold", color: BRAND },
  title: { fontSize: 20, fontWeight: "bold", color: BRAND, marginTop: 8 },
  p: { marginTop: 12, lineHeight: 1.4 },
  sig: { marginTop: 28, borderTop: "1pt solid #1b1f24", paddingTop: 6, width: 320 },
  small: { fontSize: 9, color: "#4a5561", marginTop: 24 },
});

export function AttestationDocument({ a }: { a: AttestationData }) {
  return (
    <Document title={`Attestation ${a.period} — ${a.employerName}`} author="Frontline Ready" language="en">
      <Page size="LETTER" style={styles.page}>
        <Text style={styles.brand}>FRONTLINE READY</Text>
        <Text style={styles.title}>Employer attestation of human trafficking awareness training</Text>
        <Text style={styles.p}>
          {a.employerName} ({a.jurisdiction}) · {a.ruleTitle} · {a.citation}
        </Text>
        <Text style={styles.p}>Period: {a.period}. Requirement: {a.what}</Text>
        <Text style={styles.p}>{a.statement}</Text>
        <Text style={styles.p}>
          At signing, {a.compliant} of {a.covered} covered current workers held a valid completion.
        </Text>
        <View style={styles.sig}>
          <Text>
            {a.signedName}, {a.signedTitle}
          </Text>
          <Text>Signed electronically {formatDateTime(a.signedAt, "en", timeZoneOf(a.jurisdiction))}</Text>
        </View>
        <Text style={styles.small}>Reference {a.reference}. Recorded in the employer's audit log on Frontline Ready.</Text>
      </Page>
    </Document>
  );
}

export async function renderAttestationPdf(a: AttestationData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<AttestationDocument a={a} />);
}
