import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { QrCode, prepareFonts, UrlText } from "./shared.server.tsx";
import { tFor } from "#app/i18n/messages.server.ts";

/**
 * A join slip for one worker the employer added: the join link (with its QR code), their employee
 * ID and their claim code, which together let only them take their row on the roster. Half a
 * Letter page, to cut off and hand over.
 */
export interface SlipData {
  employerName: string;
  siteName: string | null;
  workerName: string;
  employeeId: string;
  /** As printed, "7KX4-PDEM". */
  claimCode: string;
  joinUrl: string;
}

const BRAND = "#0b4f6c";
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", padding: 36, color: "#1b1f24" },
  slip: { borderBottom: "1pt dashed #4a5561", paddingBottom: 18, flexDirection: "row" },
  text: { flexGrow: 1, flexShrink: 1, flexBasis: 0, paddingRight: 16 },
  brand: { fontSize: 11, fontWeight: "bold", color: BRAND, letterSpacing: 1 },
  title: { fontSize: 18, fontWeight: "bold", color: BRAND, marginTop: 8 },
  titleEs: { fontSize: 13, fontWeight: "bold", color: BRAND, marginTop: 2 },
  who: { fontSize: 14, marginTop: 12 },
  facts: { marginTop: 12 },
  label: { fontSize: 9, color: "#3d4852", marginTop: 6 },
  value: { fontSize: 16, fontWeight: "bold", letterSpacing: 1 },
  steps: { marginTop: 14, fontSize: 10 },
  step: { marginBottom: 5 },
  stepEs: { color: "#3d4852", fontSize: 9 },
  qr: { alignItems: "center", width: 170, flexShrink: 0 },
  url: { fontSize: 8, marginTop: 4, textAlign: "center" },
  cut: { fontSize: 8, color: "#4a5561", marginTop: 4 },
});

/** English and Spanish on the same slip, as on the poster; the join page then follows the phone's language. */
export function SlipDocument({ s }: { s: SlipData }) {
  const where = s.siteName ? `${s.employerName} — ${s.siteName}` : s.employerName;
  const en = tFor("en", "pdf");
  const es = tFor("es", "pdf");
  return (
    <Document title={en("slip.docTitle", { name: s.workerName, where })} author="Frontline Ready" language="en">
      <Page size="LETTER" style={styles.page}>
        <View style={styles.slip}>
          <View style={styles.text}>
            <Text style={styles.brand}>FRONTLINE READY</Text>
            <Text style={styles.title}>{en("slip.title", { where })}</Text>
            <Text style={styles.titleEs}>{es("slip.title", { where })}</Text>
            <Text style={styles.who}>{s.workerName}</Text>
            <View style={styles.facts}>
              <Text style={styles.label}>{`${en("slip.employeeId")} / ${es("slip.employeeId")}`}</Text>
              <Text style={styles.value}>{s.employeeId}</Text>
              <Text style={styles.label}>{`${en("slip.claimCode")} / ${es("slip.claimCode")}`}</Text>
              <Text style={styles.value}>{s.claimCode}</Text>
            </View>
            <View style={styles.steps}>
              {(["step1", "step2", "step3", "keep"] as const).map((step) => (
                <View key={step} style={styles.step}>
                  <Text>{en(`slip.${step}`, { employer: s.employerName })}</Text>
                  <Text style={styles.stepEs}>{es(`slip.${step}`, { employer: s.employerName })}</Text>
                </View>
              ))}
            </View>
          </View>
          <View style={styles.qr}>
            <QrCode value={s.joinUrl} size={160} />
            <UrlText style={styles.url} url={s.joinUrl} perLine={30} />
          </View>
        </View>
        <Text style={styles.cut}>{`${en("slip.cut")} · ${es("slip.cut")}`}</Text>
      </Page>
    </Document>
  );
}

export async function renderSlipPdf(s: SlipData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<SlipDocument s={s} />);
}
