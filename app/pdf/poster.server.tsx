import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { QrCode, prepareFonts, UrlText } from "./shared.server.tsx";
import { tFor } from "#app/i18n/messages.server.ts";

/** A break-room poster: one Letter page with the site's join QR code and link. */
export interface PosterData {
  employerName: string;
  siteName: string | null;
  joinUrl: string;
  hotline: { name: string; call: string; text?: string } | undefined;
}

const BRAND = "#0b4f6c";
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", padding: 44, color: "#1b1f24", alignItems: "center" },
  brand: { fontSize: 14, fontWeight: "bold", color: BRAND, letterSpacing: 1 },
  title: { fontSize: 30, fontWeight: "bold", color: BRAND, marginTop: 18, textAlign: "center" },
  titleEs: { fontSize: 20, fontWeight: "bold", color: BRAND, marginTop: 4, textAlign: "center" },
  sub: { fontSize: 16, marginTop: 10, textAlign: "center" },
  qr: { marginTop: 18 },
  steps: { marginTop: 16, fontSize: 13, width: 440 },
  step: { marginBottom: 7 },
  stepEs: { color: "#3d4852", fontSize: 12 },
  url: { fontSize: 13, fontWeight: "bold", marginTop: 10, textAlign: "center" },
  foot: { position: "absolute", bottom: 30, left: 48, right: 48, fontSize: 10, textAlign: "center", color: "#4a5561" },
});

/**
 * In English and Spanish on the same sheet: a poster cannot know who reads it, and many
 * housekeepers and drivers read Spanish more easily (the join page then follows the phone's
 * language).
 */
export function PosterDocument({ p }: { p: PosterData }) {
  const where = p.siteName ? `${p.employerName} — ${p.siteName}` : p.employerName;
  const en = tFor("en", "pdf");
  const es = tFor("es", "pdf");
  const hotline = (t: typeof en) => (p.hotline ? t(p.hotline.text ? "poster.hotlineText" : "poster.hotline", { call: p.hotline.call, text: p.hotline.text }) : "");
  return (
    <Document title={en("poster.docTitle", { where })} author="Frontline Ready" language="en">
      <Page size="LETTER" style={styles.page}>
        <Text style={styles.brand}>FRONTLINE READY</Text>
        <Text style={styles.title}>{en("poster.title")}</Text>
        <Text style={styles.titleEs}>{es("poster.title")}</Text>
        <Text style={styles.sub}>{where}</Text>
        <View style={styles.qr}>
          <QrCode value={p.joinUrl} size={220} />
        </View>
        <UrlText style={styles.url} url={p.joinUrl} perLine={64} />
        <View style={styles.steps}>
          {(["step1", "step2", "step3"] as const).map((step) => (
            <View key={step} style={styles.step}>
              <Text>{en(`poster.${step}`)}</Text>
              <Text style={styles.stepEs}>{es(`poster.${step}`)}</Text>
            </View>
          ))}
        </View>
        {p.hotline ? (
          <View style={styles.foot}>
            <Text>{hotline(en)}</Text>
            <Text>{hotline(es)}</Text>
          </View>
        ) : null}
      </Page>
    </Document>
  );
}

export async function renderPosterPdf(p: PosterData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<PosterDocument p={p} />);
}
