import { Document, Line, Page, StyleSheet, Svg, Text, View, renderToBuffer } from "@react-pdf/renderer";
import { PHONE_SCREEN } from "./layout-facts.ts";
import { prepareFonts } from "./shared.server.tsx";

/**
 * The card's forms (ADR 029): a Letter page; a two-sided wallet card (credit-card size, front and
 * back side by side on a Letter sheet with cut marks and a fold line); a phone screen (9:16,
 * turned into a 1080 × 1920 PNG by app/pdf/png.server.ts).
 */
export const CARD_FORMATS = ["letter", "wallet", "phone"] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

/** The red-flags card a worker keeps: the signs for their role, what to do, who to call. */
export interface CardData {
  /** Letter when left out. */
  format?: CardFormat;
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
    walletBrand: "FRONTLINE READY · RED FLAGS",
    walletHotline: (call: string, text?: string) => `National Human Trafficking Hotline, 24/7, confidential: call ${call}${text ? ` · text HELP to ${text}` : ""}`,
    walletHow: "Cut along the corner marks, fold on the dashed line with the printing outside, and keep it in your wallet. Three cards: one for you, two to share.",
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
    walletBrand: "FRONTLINE READY · SEÑALES DE ALERTA",
    walletHotline: (call: string, text?: string) => `Línea Nacional Contra la Trata de Personas, 24/7, confidencial: llame al ${call}${text ? ` · envíe HELP por texto al ${text}` : ""}`,
    walletHow: "Recorte por las marcas de las esquinas, doble por la línea punteada con lo impreso hacia afuera y guárdela en su cartera. Tres tarjetas: una para usted y dos para compartir.",
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
              {`${n.label}: ${n.number}`}
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

/** A credit card (ISO/IEC 7810 ID-1): 3.375 × 2.125 in, in points. */
export const WALLET_CARD = { width: 243, height: 153 } as const;
const WALLET_PAD = 7;
const LETTER = { width: 612, height: 792 } as const;

const wallet = StyleSheet.create({
  side: { width: WALLET_CARD.width, height: WALLET_CARD.height, padding: WALLET_PAD, fontFamily: "DejaVu Sans", fontSize: 5.5, color: "#1b1f24" },
  brand: { fontSize: 4.6, fontWeight: "bold", color: BRAND, letterSpacing: 0.5 },
  title: { fontSize: 7.4, fontWeight: "bold", color: BRAND, marginTop: 1.5, marginBottom: 2 },
  item: { flexDirection: "row", marginBottom: 1.3 },
  bullet: { width: 7, fontWeight: "bold", color: BRAND },
  itemText: { flex: 1, fontSize: 5.5, lineHeight: 1.15 },
  call: { marginTop: 2, paddingVertical: 2, paddingHorizontal: 3, border: `0.8pt solid ${BRAND}`, borderRadius: 2 },
  emergency: { fontWeight: "bold", fontSize: 6 },
  line: { fontSize: 5.5, lineHeight: 1.15, marginTop: 1 },
  sheet: { fontFamily: "DejaVu Sans", fontSize: 9, color: "#1b1f24" },
  how: { position: "absolute", top: 36, left: 63, width: 486, fontSize: 9, lineHeight: 1.3 },
});

function WalletItems({ items, numbered }: { items: string[]; numbered?: boolean }) {
  return (
    <View>
      {items.map((t, i) => (
        <View key={i} style={wallet.item} wrap={false}>
          <Text style={wallet.bullet}>{numbered ? `${i + 1}.` : "•"}</Text>
          <Text style={wallet.itemText}>{t}</Text>
        </View>
      ))}
    </View>
  );
}

/** The wallet card's front: the role's signs to notice. */
function WalletFront({ c }: { c: CardData }) {
  const l = LABELS[c.lang];
  return (
    <>
      <Text style={wallet.brand}>{l.walletBrand}</Text>
      <Text style={wallet.title}>{c.title}</Text>
      <WalletItems items={c.signs} />
    </>
  );
}

/** The wallet card's back: what to do, 911, the hotline and the workplace's own numbers. */
function WalletBack({ c }: { c: CardData }) {
  const l = LABELS[c.lang];
  return (
    <>
      <Text style={wallet.title}>{l.do}</Text>
      <WalletItems items={c.do} numbered />
      <View style={wallet.call} wrap={false}>
        <Text style={wallet.emergency}>{l.emergency}</Text>
        <Text style={wallet.line}>{l.walletHotline(c.hotline.call, c.hotline.text)}</Text>
        {c.local.police ? <Text style={wallet.line}>{l.police(c.local.police.agency, c.local.police.phone)}</Text> : null}
        {c.local.state.map((n) => (
          <Text key={n.number} style={wallet.line}>
            {`${n.label}: ${n.number}`}
          </Text>
        ))}
      </View>
    </>
  );
}

/** Where the card pairs sit on the Letter sheet: three, each front beside its back. */
const PAIR_LEFT = (LETTER.width - 2 * WALLET_CARD.width) / 2;
const PAIR_TOPS = [108, 108 + WALLET_CARD.height + 54, 108 + 2 * (WALLET_CARD.height + 54)];
const MARK = { gap: 4, length: 14 };

/** Corner cut marks around a pair (outside it, so no mark is left on the card) and its dashed fold line. */
function PairMarks({ top }: { top: number }) {
  const left = PAIR_LEFT;
  const right = PAIR_LEFT + 2 * WALLET_CARD.width;
  const bottom = top + WALLET_CARD.height;
  const fold = PAIR_LEFT + WALLET_CARD.width;
  const { gap, length } = MARK;
  const marks: [number, number, number, number][] = [];
  for (const x of [left, right]) {
    const out = x === left ? -1 : 1;
    for (const y of [top, bottom]) {
      const down = y === top ? -1 : 1;
      marks.push([x + out * gap, y, x + out * (gap + length), y]);
      marks.push([x, y + down * gap, x, y + down * (gap + length)]);
    }
  }
  return (
    <>
      {marks.map(([x1, y1, x2, y2], i) => (
        <Line key={i} x1={x1} y1={y1} x2={x2} y2={y2} stroke="#000000" strokeWidth={0.5} />
      ))}
      <Line x1={fold} y1={top - gap - length} x2={fold} y2={top - gap} stroke="#000000" strokeWidth={0.5} strokeDasharray="2 2" />
      <Line x1={fold} y1={top} x2={fold} y2={bottom} stroke="#9aa5b1" strokeWidth={0.4} strokeDasharray="2 2" />
      <Line x1={fold} y1={bottom + gap} x2={fold} y2={bottom + gap + length} stroke="#000000" strokeWidth={0.5} strokeDasharray="2 2" />
    </>
  );
}

/** The wallet card on a Letter sheet: three pairs of front and back, to cut out and fold. */
export function WalletSheetDocument({ c }: { c: CardData }) {
  const l = LABELS[c.lang];
  return (
    <Document title={c.title} author="Frontline Ready" language={c.lang}>
      <Page size="LETTER" style={wallet.sheet}>
        <Text style={wallet.how}>{l.walletHow}</Text>
        <Svg width={LETTER.width} height={LETTER.height} style={{ position: "absolute", top: 0, left: 0 }}>
          {PAIR_TOPS.map((top) => (
            <PairMarks key={top} top={top} />
          ))}
        </Svg>
        {PAIR_TOPS.map((top) => (
          <View key={top}>
            <View style={[wallet.side, { position: "absolute", top, left: PAIR_LEFT }]}>
              <WalletFront c={c} />
            </View>
            <View style={[wallet.side, { position: "absolute", top, left: PAIR_LEFT + WALLET_CARD.width }]}>
              <WalletBack c={c} />
            </View>
          </View>
        ))}
      </Page>
    </Document>
  );
}

/**
 * The wallet card's two sides, each on a page of the card's own size: what the fit check renders.
 * A side whose text does not fit runs onto another page (more than 2 pages), where on the sheet it
 * would be cut off.
 */
export function WalletSidesDocument({ c }: { c: CardData }) {
  return (
    <Document>
      <Page size={[WALLET_CARD.width, WALLET_CARD.height]} style={wallet.side}>
        <WalletFront c={c} />
      </Page>
      <Page size={[WALLET_CARD.width, WALLET_CARD.height]} style={wallet.side}>
        <WalletBack c={c} />
      </Page>
    </Document>
  );
}

const phone = StyleSheet.create({
  page: { fontFamily: "DejaVu Sans", fontSize: 9.4, paddingHorizontal: 18, paddingTop: 22, paddingBottom: 16, color: "#1b1f24", backgroundColor: "#ffffff" },
  brand: { fontSize: 6.5, fontWeight: "bold", color: BRAND, letterSpacing: 0.8 },
  title: { fontSize: 14, fontWeight: "bold", color: BRAND, marginTop: 3 },
  role: { fontSize: 8.5, color: "#4a5561", marginTop: 2 },
  h2: { fontSize: 11, fontWeight: "bold", marginTop: 7, marginBottom: 3 },
  item: { flexDirection: "row", marginBottom: 2 },
  bullet: { width: 12, fontWeight: "bold", color: BRAND },
  itemText: { flex: 1, fontSize: 9.4, lineHeight: 1.18 },
  reminder: { marginTop: 2, fontSize: 8, color: "#4a5561", lineHeight: 1.18 },
  call: { marginTop: 7, padding: 6, border: `2pt solid ${BRAND}`, borderRadius: 6, backgroundColor: "#eaf3f7" },
  emergency: { fontSize: 11, fontWeight: "bold" },
  line: { marginTop: 2.5, fontSize: 9, lineHeight: 1.18 },
});

function PhoneItems({ items, numbered }: { items: string[]; numbered?: boolean }) {
  return (
    <View>
      {items.map((t, i) => (
        <View key={i} style={phone.item} wrap={false}>
          <Text style={phone.bullet}>{numbered ? `${i + 1}.` : "•"}</Text>
          <Text style={phone.itemText}>{t}</Text>
        </View>
      ))}
    </View>
  );
}

/** The card as a phone screen: one page, which must not run onto a second. */
export function PhoneCardDocument({ c }: { c: CardData }) {
  const l = LABELS[c.lang];
  return (
    <Document title={c.title} author="Frontline Ready" language={c.lang}>
      <Page size={[PHONE_SCREEN.width, PHONE_SCREEN.height]} style={phone.page}>
        <Text style={phone.brand}>{l.brand}</Text>
        <Text style={phone.title}>{c.title}</Text>
        <Text style={phone.role}>
          {l.role}: {c.roleLabel}
        </Text>
        <Text style={phone.h2}>{l.signs}</Text>
        <PhoneItems items={c.signs} />
        <Text style={phone.reminder}>{c.reminder}</Text>
        <Text style={phone.h2}>{l.do}</Text>
        <PhoneItems items={c.do} numbered />
        <View style={phone.call} wrap={false}>
          <Text style={phone.emergency}>{l.emergency}</Text>
          <Text style={phone.line}>{l.hotline(c.hotline.call, c.hotline.text)}</Text>
          {c.local.police ? <Text style={phone.line}>{l.police(c.local.police.agency, c.local.police.phone)}</Text> : null}
          {c.local.state.map((n) => (
            <Text key={n.number} style={phone.line}>
              {`${n.label}: ${n.number}`}
            </Text>
          ))}
        </View>
      </Page>
    </Document>
  );
}

export async function renderCardPdf(c: CardData): Promise<Buffer> {
  await prepareFonts();
  switch (c.format ?? "letter") {
    case "wallet":
      return renderToBuffer(<WalletSheetDocument c={c} />);
    case "phone":
      return renderToBuffer(<PhoneCardDocument c={c} />);
    case "letter":
      return renderToBuffer(<CardDocument c={c} />);
  }
}

/** The wallet card's sides on pages of their own size (the fit check; see WalletSidesDocument). */
export async function renderWalletSidesPdf(c: CardData): Promise<Buffer> {
  await prepareFonts();
  return renderToBuffer(<WalletSidesDocument c={c} />);
}
