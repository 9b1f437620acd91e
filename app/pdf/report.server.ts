/**
 * The compliance report: who is covered, their status, and the certificate that proves it.
 *
 * Drawn with pdfkit directly, not with react-pdf like the one-page documents: a report is one
 * long table (an employer may have 18,000 rows), and react-pdf lays out a wrapping page by
 * splitting it and laying out everything left over again for every page it fills (and again
 * when a page number must be drawn): time and memory grow with rows × pages, so 1,000 rows took
 * 30 s and 18,000 never finished. Even on explicit pages, its text engine costs ~4 ms of CPU a
 * row. Here each row is measured once (word widths are cached per document), placed on the
 * current page or the next, and drawn, and each page is written out when it is full: time is
 * linear in rows (~0.3 ms of CPU a row) and memory holds one page (`npm run bench:report`).
 */
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatDateTime, timeZoneOf } from "#app/i18n/format.ts";

// Raise REPORT_LAYOUT_VERSION (./layout-facts.ts) when the drawing below changes (ADR 037).

export interface ReportData {
  employerName: string;
  jurisdiction: string;
  rule: { title: string; citation: string; verified: boolean } | null;
  generatedAt: string; // ISO timestamp
  generatedBy: string;
  summary: { covered: number; compliant: number; rate: number | null };
  rows: {
    name: string;
    employeeId: string;
    role: string;
    site: string;
    hireDate: string;
    terminationDate: string;
    status: string;
    detail: string;
    certificate: string;
    completedOn: string;
  }[];
}

type Row = ReportData["rows"][number];

const BRAND = "#0b4f6c";
const INK = "#1b1f24";
const MUTED = "#4a5561";
const RULE = "#c9d1d9";
/** US Letter, landscape, in points. */
const PAGE_WIDTH = 792;
const PAGE_HEIGHT = 612;
const MARGIN = 30;
/** Rows end here; the footer sits below. */
const BODY_BOTTOM = PAGE_HEIGHT - 40;
const FOOTER_Y = PAGE_HEIGHT - 18 - 9;
const FONT_SIZE = 8;
/** Space above and below a row's text. */
const ROW_PAD = 2.5;
/** Space kept free at the right of each column. */
const GUTTER = 4;
/** Key, heading and width: the widths fill the page between its margins (732 pt). */
export const REPORT_COLUMNS: readonly (readonly [keyof Row, string, number])[] = [
  ["name", "Name", 112],
  ["employeeId", "Emp. ID", 52],
  ["role", "Role", 84],
  ["site", "Site", 72],
  ["hireDate", "Hired", 58],
  ["terminationDate", "Left", 58],
  ["status", "Status", 62],
  ["detail", "Date", 80],
  ["certificate", "Certificate", 96],
  ["completedOn", "Completed", 58],
];

const FONT_DIR = path.resolve(process.cwd(), "app/pdf/fonts");
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function fontFiles() {
  fonts ??= { regular: fs.readFileSync(path.join(FONT_DIR, "DejaVuSans.ttf")), bold: fs.readFileSync(path.join(FONT_DIR, "DejaVuSans-Bold.ttf")) };
  return fonts;
}

/** The same Latin ranges app/pdf/shared.server.tsx warms, for the same reason: a right ToUnicode map. */
const WARM_RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x1e00, 0x1eff],
  [0x2010, 0x2027],
];
function warm(doc: PDFKit.PDFDocument, font: string) {
  doc.font(font);
  const fontkit = (doc as unknown as { _font?: { font?: { glyphForCodePoint(cp: number): unknown } } })._font?.font;
  if (fontkit) for (const [from, to] of WARM_RANGES) for (let cp = from; cp <= to; cp++) fontkit.glyphForCodePoint(cp);
}

export function renderReportPdf(r: ReportData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "LETTER",
      layout: "landscape",
      margin: 0,
      autoFirstPage: false,
      lang: "en",
      displayTitle: true,
      // The creation date is the report's own generation time, not the clock's: the same data
      // draws the same bytes (the stored report equals a fresh render of its version, ADR 037).
      info: { Title: `Compliance report — ${r.employerName}`, Author: "Frontline Ready", Creator: "Frontline Ready", CreationDate: new Date(r.generatedAt) },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (b: Buffer) => chunks.push(b));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      draw(doc, r);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}

function draw(doc: PDFKit.PDFDocument, r: ReportData) {
  const { regular, bold } = fontFiles();
  doc.registerFont("R", regular);
  doc.registerFont("B", bold);
  warm(doc, "B");
  warm(doc, "R");
  const width = PAGE_WIDTH - 2 * MARGIN;
  const line = (text: string, y: number, font: string, size: number, color: string) => {
    doc.font(font).fontSize(size).fillColor(color).text(text, MARGIN, y, { width, lineBreak: true });
    return doc.y;
  };

  doc.addPage();
  let y = MARGIN;
  y = line("FRONTLINE READY", y, "B", 10, BRAND);
  y = line("Anti-trafficking training compliance report", y + 4, "B", 16, BRAND);
  y = line(`${r.employerName} · ${r.jurisdiction}`, y + 3, "R", 9, INK);
  const rule = r.rule ? `${r.rule.title} (${r.rule.citation})${r.rule.verified ? "" : " — not yet verified against the statute text"}` : "none on file";
  y = line(`Rule: ${rule}`, y + 3, "R", 9, INK);
  y = line(
    `Generated ${formatDateTime(r.generatedAt, "en", timeZoneOf(r.jurisdiction))} for ${r.generatedBy} (not signed). Covered current workers: ${r.summary.covered}; compliant: ${r.summary.compliant}` +
      `${r.summary.rate === null ? "" : ` (${r.summary.rate}%)`}. Former staff within the retention period are listed with their last day.`,
    y + 3,
    "R",
    9,
    INK,
  );
  y += 12;
  /** A row never takes more than a page (in practice a cell has at most a few lines). */
  const maxLines = Math.floor((BODY_BOTTOM - MARGIN - headerHeight(doc) - 2 * ROW_PAD) / (doc.font("R").fontSize(FONT_SIZE).currentLineHeight()));
  const rowsTop = y + headerHeight(doc);
  doc.font("R").fontSize(FONT_SIZE);
  const lineHeight = doc.currentLineHeight();
  // First pass: each row's height in lines (its tallest cell), and so where pages break and how many there are.
  const lines = new Uint8Array(r.rows.length);
  const breaks: number[] = []; // the first row of every page after the first
  let at = rowsTop;
  r.rows.forEach((row, i) => {
    let n = 1;
    for (const [key, , w] of REPORT_COLUMNS) {
      const text = row[key];
      // Rounded up: a cell's last line is never cut off by a height a little short of it.
      if (text && doc.widthOfString(text) > w - GUTTER) n = Math.max(n, Math.ceil(doc.heightOfString(text, { width: w - GUTTER }) / lineHeight - 0.01));
    }
    lines[i] = Math.min(n, maxLines);
    const height = lines[i]! * lineHeight + 2 * ROW_PAD;
    if (at + height > BODY_BOTTOM) {
      breaks.push(i);
      at = MARGIN + headerHeight(doc);
      doc.font("R").fontSize(FONT_SIZE);
    }
    at += height;
  });
  const pages = breaks.length + 1;

  // Second pass: draw. Pages are written out as they are finished (nothing is kept back).
  const footer = (page: number) => {
    doc.font("R").fontSize(7.5).fillColor(MUTED);
    doc.text(`${r.employerName} · generated ${r.generatedAt.slice(0, 10)}`, MARGIN, FOOTER_Y, { lineBreak: false });
    const label = `Page ${page} of ${pages}`;
    doc.text(label, MARGIN + width - doc.widthOfString(label), FOOTER_Y, { lineBreak: false });
  };
  let page = 1;
  let next = 0;
  footer(page);
  y = header(doc, y);
  doc.font("R").fontSize(FONT_SIZE);
  r.rows.forEach((row, i) => {
    if (i === breaks[next]) {
      next++;
      doc.addPage();
      footer(++page);
      y = header(doc, MARGIN);
      doc.font("R").fontSize(FONT_SIZE);
    }
    const textHeight = lines[i]! * lineHeight;
    let x = MARGIN;
    doc.fillColor(INK);
    for (const [key, , w] of REPORT_COLUMNS) {
      const text = row[key];
      // `height` keeps a cell on its page (pdfkit would otherwise start a new page itself).
      if (text) doc.text(text, x, y + ROW_PAD, lines[i] === 1 ? { lineBreak: false } : { width: w - GUTTER, height: textHeight, ellipsis: true });
      x += w;
    }
    y += textHeight + 2 * ROW_PAD;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).strokeColor(RULE).stroke();
  });
}

function headerHeight(doc: PDFKit.PDFDocument) {
  doc.font("B").fontSize(FONT_SIZE);
  return doc.currentLineHeight() + 3;
}

/** The column headings, repeated at the top of every page; returns where rows start. */
function header(doc: PDFKit.PDFDocument, y: number) {
  const height = headerHeight(doc);
  doc.fillColor(INK);
  let x = MARGIN;
  for (const [, label, w] of REPORT_COLUMNS) {
    doc.text(label, x, y, { lineBreak: false });
    x += w;
  }
  doc
    .moveTo(MARGIN, y + height)
    .lineTo(PAGE_WIDTH - MARGIN, y + height)
    .lineWidth(1)
    .strokeColor(INK)
    .stroke();
  return y + height;
}
