import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { prepareFonts } from "./shared.server.tsx";

/** The red-flags card a worker keeps: the signs for their role, what to do, who to call. */
export interface CardData {
  lang: "en" | "es";
  roleLabel: string;
  title: string;
  signs: string[];
  do: string[];
  reminder: string;
  hotline: { call: string; text?: string };
  /** The worker's own workplace: its local police non-emergency line, and numbers the employer's law requires. */
  local: { police: { agency: string | null; phone: string } | null; state: { label: string; number: string }[] };
  sources: string[];
}

const LABELS = {
  en: {
    brand: "FRONTLINE READY · RED FLAGS CARD",
    role: "For",
    signs: "Signs to notice",
    do: "What to do",
    emergency: "Someone in immediate danger: call 911.",
    hotline: (call: string, text?: string) =>
      `National Human Trafficking Hotline, 24/7, confidential, not the police: call ${call}${text ? ` or text HELP to ${text}` : ""}. English, Spanish, and 200+ languages by interpreter.`,
    police: (agency: string | null, phone: string) => `Local police, not an emergency${agency ? ` (${agency})` : ""}: ${phone}.`,
    sources: "Sources",
  },
  es: {
    brand: "FRONTLINE READY · TARJETA DE SEÑALES DE ALERTA",
    role: "Para",
    signs: "Señales para observar",
    do: "Qué hacer",
    emergency: "Si alguien está en peligro inmediato: llame al 911.",
    hotline: (call: string, text?: string) =>
      `Línea Nacional Contra la Trata de Personas, 24/7, confidencial, no es la policía: llame al ${call}${text ? ` o envíe HELP por texto al ${text}` : ""}. Le atienden en español.`,
    police: (agency: string | null, phone: string) => `Policía local, casos que no son emergencias${agency ? ` (${agency})` : ""}: ${phone}.`,
    sources: "Fuentes",
  },
} as const;

const BRAND = "#0b4f6c";
const styles = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", fontSize: 11, paddingTop: 36, paddingHorizontal: 40, paddingBottom: 48, color: "#1b1f24" },
  brand: { fontSize: 9, fontWeight: "bold", color: BRAND, letterSpacing: 1 },
  title: { fontSize: 20, fontWeight: "bold", color: BRAND, marginTop: 6 },
  role: { fontSize: 11, color: "#4a5561", marginTop: 4 },
  h2: { fontSize: 13, fontWeight: "bold", marginTop: 12, marginBottom: 5 },
  item: { flexDirection: "row", marginBottom: 4 },
  bullet: { width: 16, fontWeight: "bold", color: BRAND },
  itemText: { flex: 1, lineHeight: 1.3 },
  reminder: { marginTop: 8, fontSize: 10, color: "#4a5561" },
  call: { marginTop: 14, padding: 10, border: `2pt solid ${BRAND}`, borderRadius: 6 },
  emergency: { fontSize: 13, fontWeight: "bold" },
  hotline: { fontSize: 11, marginTop: 5, lineHeight: 1.3 },
  foot: { position: "absolute", bottom: 24, left: 40, right: 40, fontSize: 7.5, color: "#4a5561" },
});

function List({ items, numbered }: { items: string[]; numbered?: boolean }) {
  return (
    <View>
      {items.map((t, i) => (
        <View key={i} style={styles.item} wrap={false}>
          <Text style={styles.bullet}>{numbered ? `${i + 1}.` : "•"}</Text>
          <Text style={styles.itemText}>{t}</Text>
        </View>
      ))}
    </View>
  );
}

export function CardDocument({ c }: { c: CardData }) {
  const l = LABELS[c.lang];
  return (
    <Document title={c.title} author="Frontline Ready" language={c.lang}>
      <Page size="LETTER" style={styles.page}>
        <Text style={styles.brand}>{l.brand}</Text>
        <Text style={styles.title}>{c.title}</Text>
        <Text style={styles.role}>
          {l.role}: {c.roleLabel}
        </Text>
        <Text style={styles.h2}>{l.signs}</Text>
        <List items={c.signs} />
        <Text style={styles.reminder}>{c.reminder}</Text>
        <Text style={styles.h2}>{l.do}</Text>
        <List items={c.do} numbered />
        <View style={styles.call} wrap={false}>
          <Text style={styles.emergency}>{l.emergency}</Text>
          <Text style={styles.hotline}>{l.hotline(c.hotline.call, c.hotline.text)}</Text>
          {c.local.police ? <Text style={styles.hotline}>{l.police(c.local.police.agency, c.local.police.phone)}</Text> : null}
          {c.local.state.map((n) => (
            <Text key={n.number} style={styles.hotline}>
              {n.label}: {n.number}
            </Text>
          ))}
        </View>
        <Text style={styles.foot} fixed>
          {l.sources}: {c.sources.join(" · ")}
        </Text>
      </Page>
    </Document>
  );
}

export async function renderCardPdf(c: CardData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<CardDocument c={c} />);
}
