import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { prepareFonts } from "./shared.server.tsx";

/**
 * A sign whose wording the law itself prescribes (Florida § 509.096(1)(c)): one page per
 * language, on a page at least the law's minimum size, in at least its minimum type size.
 */
export interface SignData {
  title: string;
  citation: string;
  /** Page size in points (72 per inch), at least the law's minimum. */
  widthPt: number;
  heightPt: number;
  /** Body type size in points, at least the law's minimum. */
  fontPt: number;
  pages: { lang: string; text: string; note: string | null }[];
  /** Numbers on the sign with their digits, e.g. "1-855-FLA-SAFE (1-855-352-7233)". */
  numbers: string[];
}

const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", padding: 48, color: "#111", justifyContent: "center" },
  body: { lineHeight: 1.25 },
  numbers: { marginTop: 24, fontWeight: "bold" },
  foot: { position: "absolute", bottom: 20, left: 48, right: 48, fontSize: 9, color: "#444" },
});

export function SignDocument({ s }: { s: SignData }) {
  return (
    <Document title={s.title} author="Frontline Ready" language={s.pages[0]?.lang ?? "en"}>
      {s.pages.map((p) => (
        <Page key={p.lang} size={[s.widthPt, s.heightPt]} style={styles.page}>
          <View>
            <Text style={[styles.body, { fontSize: s.fontPt }]}>{p.text}</Text>
            {s.numbers.map((n) => (
              <Text key={n} style={[styles.numbers, { fontSize: s.fontPt }]}>
                {n}
              </Text>
            ))}
          </View>
          <Text style={styles.foot}>
            {s.citation}
            {p.note ? ` · ${p.note}` : ""}
          </Text>
        </Page>
      ))}
    </Document>
  );
}

export async function renderSignPdf(s: SignData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<SignDocument s={s} />);
}
