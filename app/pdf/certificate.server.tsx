import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { QrCode, prepareFonts, UrlText } from "./shared.server.tsx";
import type { Hotline } from "#app/domain/content-schema.ts";
import { formatDate, formatDateTime, formatPercent } from "#app/i18n/format.ts";
import { tFor } from "#app/i18n/messages.server.ts";

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
  /** Where attestedAt is shown in (IANA; the zone is named on the page). */
  timeZone?: string;
  issuedOn: string;
  expiresOn: string;
  /** What the QR code holds: this certificate's check page. */
  verifyUrl: string;
  /** The check page that asks for a code, printed under the QR code. */
  verifyPageUrl: string;
  hotline: Pick<Hotline, "name" | "call" | "text"> | undefined;
  /** Whether the course, by itself, is the training the employer's law requires (null: no law on file). */
  standing: { law: string; meets: boolean; needs: { kind: string; by?: string }[] } | null;
  /** The language the course was taken in: the certificate is printed in it and says so. */
  language: "en" | "es";
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
  const t = tFor(c.language, "pdf");
  return (
    <Document title={t("certificate.docTitle", { code: c.code })} author="Frontline Ready" subject={c.courseTitle} language={c.language}>
      <Page size="LETTER" orientation="landscape" style={styles.page}>
        <View style={styles.frame}>
          <Text style={styles.brand}>FRONTLINE READY</Text>
          <Text style={styles.title}>{t("certificate.title")}</Text>
          <Text style={styles.lead}>{t("certificate.lead")}</Text>
          <Text style={styles.name}>{c.holderName}</Text>
          <Text style={styles.course}>{t("certificate.completed", { course: c.courseTitle })}</Text>
          <View style={styles.row}>
            <View style={styles.facts}>
              <Fact label={t("certificate.employer")} value={c.employerName} />
              <Fact label={t("certificate.role")} value={c.jobRoleLabel} />
              <Fact label={t("certificate.score")} value={formatPercent(c.score, c.language)} />
              <Fact label={t("certificate.language")} value={t(`certificate.languageName.${c.language}`)} />
              <Fact label={t("certificate.attested")} value={formatDateTime(c.attestedAt, c.language, c.timeZone)} />
              <Fact label={t("certificate.issued")} value={formatDate(c.issuedOn, c.language)} />
              <Fact label={t("certificate.validThrough")} value={formatDate(c.expiresOn, c.language)} />
              <Fact label={t("certificate.version")} value={c.courseVersion} />
              <Fact label={t("certificate.hash")} value={c.contentHash.slice(0, 32)} />
            </View>
            <View style={styles.qrBox}>
              <QrCode value={c.verifyUrl} size={120} />
              <Text style={styles.code}>{c.code}</Text>
              <Text style={styles.small}>{t("certificate.scan")}</Text>
              <UrlText style={styles.small} url={c.verifyPageUrl} perLine={48} />
            </View>
          </View>
          <Text style={styles.small}>
            {c.standing === null
              ? t("certificate.standingNone")
              : c.standing.meets
                ? t("certificate.standingMeets", { law: c.standing.law })
                : t("certificate.standingShort", { law: c.standing.law, needs: c.standing.needs.map((n) => t(`certificate.need.${n.kind}`, { by: n.by ?? "" })).join("; ") })}
          </Text>
          {c.hotline ? (
            <Text style={styles.hotline}>
              {t(c.hotline.text ? "certificate.hotlineText" : "certificate.hotline", { call: c.hotline.call, text: c.hotline.text })}
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
