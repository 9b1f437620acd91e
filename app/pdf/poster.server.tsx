import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { QrCode, prepareFonts } from "./shared.server.tsx";

/** A break-room poster: one Letter page with the site's join QR code and link. */
export interface PosterData {
  employerName: string;
  siteName: string | null;
  joinUrl: string;
  hotline: { name: string; call: string; text?: string } | undefined;
}

const BRAND = "#0b4f6c";
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", padding: 48, color: "#1b1f24", alignItems: "center" },
  brand: { fontSize: 14, fontWeight: "bold", color: BRAND, letterSpacing: 1 },
  title: { fontSize: 34, fontWeight: "bold", color: BRAND, marginTop: 24, textAlign: "center" },
  sub: { fontSize: 16, marginTop: 12, textAlign: "center" },
  steps: { marginTop: 24, fontSize: 14, width: 420 },
  step: { marginBottom: 8 },
  url: { fontSize: 13, fontWeight: "bold", marginTop: 14, textAlign: "center" },
  foot: { position: "absolute", bottom: 40, left: 48, right: 48, fontSize: 11, textAlign: "center", color: "#4a5561" },
});

export function PosterDocument({ p }: { p: PosterData }) {
  const where = p.siteName ? `${p.employerName} — ${p.siteName}` : p.employerName;
  return (
    <Document title={`Join ${where} on Frontline Ready`} author="Frontline Ready" language="en">
      <Page size="LETTER" style={styles.page}>
        <Text style={styles.brand}>FRONTLINE READY</Text>
        <Text style={styles.title}>Your anti-trafficking training</Text>
        <Text style={styles.sub}>{where}</Text>
        <View style={{ marginTop: 28 }}>
          <QrCode value={p.joinUrl} size={260} />
        </View>
        <Text style={styles.url}>{p.joinUrl}</Text>
        <View style={styles.steps}>
          <Text style={styles.step}>1. Scan the code with your phone camera, or type the link.</Text>
          <Text style={styles.step}>2. Pick a username and password. No email needed.</Text>
          <Text style={styles.step}>3. About 30 minutes, in short parts. Stop any time and come back.</Text>
        </View>
        {p.hotline ? (
          <Text style={styles.foot}>
            Someone in danger now: call 911. {p.hotline.name}: call {p.hotline.call}
            {p.hotline.text ? ` or text ${p.hotline.text}` : ""}, 24/7.
          </Text>
        ) : null}
      </Page>
    </Document>
  );
}

export async function renderPosterPdf(p: PosterData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<PosterDocument p={p} />);
}
