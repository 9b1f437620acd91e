import path from "node:path";
import { Font, Path, Svg, Text, View } from "@react-pdf/renderer";
import type { Style } from "@react-pdf/types";
import QRCode from "qrcode";

/**
 * What every PDF here shares: the embedded DejaVu fonts (the standard PDF fonts cannot
 * encode names such as "Łukasz Ștefănescu") and QR codes drawn as vector paths.
 */
const FONT_DIR = path.resolve(process.cwd(), "app/pdf/fonts");
let fontsReady: Promise<void> | undefined;

/**
 * Registers the fonts and fills fontkit's glyph cache for every Latin character before the
 * first render. Without this, glyphs first created during text layout can keep a code-point
 * array that layout later reuses, and the PDF's ToUnicode map then names the wrong
 * character (seen: a bold "S" in the code extracted as "(" or "%", in about one document in
 * three after the first). The page looked right, but copying the code or reading it with a
 * screen reader gave the wrong code. Filling the cache with fresh [codePoint] arrays first
 * keeps the map right; tests/integration/certificate-pdf.test.ts renders many codes in a row.
 */
export function prepareFonts() {
  fontsReady ??= registerFonts();
  return fontsReady;
}

const WARM_RANGES: [number, number][] = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0x24f], // Latin-1, Latin Extended-A and -B
  [0x1e00, 0x1eff], // Latin Extended Additional (e.g. Vietnamese)
  [0x2010, 0x2027], // dashes, quotes, ellipsis
];

async function registerFonts() {
  Font.register({
    family: "DejaVu Sans",
    fonts: [
      { src: path.join(FONT_DIR, "DejaVuSans.ttf") },
      { src: path.join(FONT_DIR, "DejaVuSans-Bold.ttf"), fontWeight: "bold" },
    ],
  });
  // Never hyphenate names or codes.
  Font.registerHyphenationCallback((word) => [word]);
  for (const fontWeight of [400, 700]) {
    const descriptor = { fontFamily: "DejaVu Sans", fontWeight, fontStyle: "normal" as const };
    await Font.load(descriptor);
    const font = Font.getFont(descriptor)?.data as { glyphForCodePoint(cp: number): unknown } | null | undefined;
    if (!font) throw new Error("DejaVu Sans did not load");
    for (const [from, to] of WARM_RANGES) for (let cp = from; cp <= to; cp++) font.glyphForCodePoint(cp);
  }
}

/**
 * A web address cut into lines of at most `perLine` characters, only before a "/" or after a
 * "." (never inside a word or after a "-", which would read as a hyphen the address has not): PDFs print addresses people
 * type, and react-pdf would otherwise split a long one anywhere or run it off the page. A
 * piece longer than `perLine` by itself stays whole.
 */
export function urlLines(url: string, perLine: number): string[] {
  const pieces = url.match(/^[a-z]+:\/\/[^./]*\.?|\/?[^/.]*\.?/gi)?.filter(Boolean) ?? [url];
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line && line.length + piece.length > perLine) {
      lines.push(line);
      line = "";
    }
    line += piece;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A web address as urlLines draws it: one Text per line in a View that carries the style (text
 * styles inherit). Not "\n" inside one Text: DejaVu has no glyph for a line feed, and react-pdf
 * then draws it in Helvetica, a standard-14 font the PDF would reference unembedded.
 */
export function UrlText({ url, perLine, style }: { url: string; perLine: number; style?: Style }) {
  return (
    <View style={style}>
      {urlLines(url, perLine).map((line, i) => (
        <Text key={i}>{line}</Text>
      ))}
    </View>
  );
}

/** A QR code as vector paths, with its 4-module quiet zone: sharp at any print size. */
export function QrCode({ value, size }: { value: string; size: number }) {
  const qr = QRCode.create(value, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  let d = "";
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  }
  const total = n + 8; // 4-module quiet zone on each side
  return (
    <Svg width={size} height={size} viewBox={`0 0 ${total} ${total}`}>
      <Path d={d} fill="#000000" />
    </Svg>
  );
}

