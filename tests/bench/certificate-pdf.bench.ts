/**
 * npm run bench:pdf [-- --n 200 --rounds 4]
 * Certificate PDF render time with @react-pdf/renderer: the first render (fonts loaded,
 * layout engine warmed) and the median of N, against pdfkit drawing the same page directly
 * in the same process (the baseline), the N renders of each in rounds taking turns.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { renderCertificatePdf, type CertificatePdfData } from "#app/pdf/certificate.server.tsx";
import { sampleCertificate } from "#tests/support/certificate-sample.ts";
import { ms, percentile, saveResults, table } from "./results.ts";

const n = Number(process.argv[process.argv.indexOf("--n") + 1]) || 200;
const ROUNDS = Number(process.argv[process.argv.indexOf("--rounds") + 1]) || 4;

const sample = sampleCertificate;

const FONT = path.resolve("app/pdf/fonts/DejaVuSans.ttf");
const BOLD = path.resolve("app/pdf/fonts/DejaVuSans-Bold.ttf");

/** The same page drawn with pdfkit's imperative API: the floor for this PDF's cost. */
function pdfkitDirect(c: CertificatePdfData): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "LETTER", layout: "landscape", margin: 36 });
    const chunks: Buffer[] = [];
    doc.on("data", (b: Buffer) => chunks.push(b));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.registerFont("R", FONT);
    doc.registerFont("B", BOLD);
    doc.rect(36, 36, 720, 540).lineWidth(3).stroke("#0b4f6c");
    doc.font("B").fontSize(12).fillColor("#0b4f6c").text("FRONTLINE READY", 64, 64);
    doc.fontSize(26).text("Certificate of completion", 64, 90);
    doc.font("R").fontSize(12).fillColor("#1b1f24").text("This certifies that", 64, 140);
    doc.font("B").fontSize(28).text(c.holderName, 64, 160);
    doc.font("R").fontSize(13).text(`completed “${c.courseTitle}”, human trafficking awareness training for frontline workers, and passed its quiz.`, 64, 200, { width: 660 });
    const facts: [string, string][] = [
      ["Employer", c.employerName], ["Role", c.jobRoleLabel], ["Score", `${c.score}%`], ["Learner attested", c.attestedAt],
      ["Issued", c.issuedOn], ["Valid through", c.expiresOn], ["Course version", c.courseVersion], ["Content hash", c.contentHash.slice(0, 32)],
    ];
    facts.forEach(([k, v], i) => {
      doc.fontSize(10.5).fillColor("#4a5561").text(k, 64, 250 + i * 18);
      doc.fillColor("#1b1f24").text(v, 182, 250 + i * 18, { width: 330 });
    });
    const qr = QRCode.create(c.verifyUrl, { errorCorrectionLevel: "M" });
    const size = qr.modules.size;
    const scale = 120 / (size + 8);
    let d = "";
    for (let r = 0; r < size; r++) for (let col = 0; col < size; col++) if (qr.modules.get(r, col)) d += `M${col + 4} ${r + 4}h1v1h-1z`;
    doc.save().translate(560, 250).scale(scale).path(d).fill("#000000").restore();
    doc.font("B").fontSize(13).text(c.code, 540, 380);
    doc.font("R").fontSize(10).text(`See something? Call 911. ${c.hotline!.name}: call ${c.hotline!.call}, text ${c.hotline!.text}.`, 64, 530);
    doc.end();
  });
}

/** The first render of each (fonts loaded, layout engine warmed: a cold start's cost). */
async function first(fn: () => Promise<Buffer>) {
  const t0 = performance.now();
  const bytes = (await fn()).length;
  return { firstMs: performance.now() - t0, bytes };
}
type Result = { label: string; firstMs: number; medianMs: number; p99Ms: number; bytes: number };
const renderers = [
  { label: "@react-pdf/renderer (the app)", fn: () => renderCertificatePdf(sample), times: [] as number[], ...(await first(() => renderCertificatePdf(sample))) },
  { label: "pdfkit direct (baseline)", fn: () => pdfkitDirect(sample), times: [] as number[], ...(await first(() => pdfkitDirect(sample))) },
];
// Then N renders each, in ROUNDS slices taking turns, so a slow spell of the shared machine
// falls on both alike (one after the other, the baseline ran on whatever the machine was doing
// by then); the ratio of medians per round too.
const roundRatios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const medians = [];
  for (const x of renderers) {
    const slice: number[] = [];
    for (let i = 0; i < Math.ceil(n / ROUNDS); i++) {
      const t = performance.now();
      await x.fn();
      slice.push(performance.now() - t);
    }
    x.times.push(...slice);
    medians.push(percentile([...slice].sort((a, b) => a - b), 50));
  }
  roundRatios.push(medians[0]! / medians[1]!);
}
const [reactPdf, direct] = renderers.map(({ label, firstMs, bytes, times }) => {
  times.sort((a, b) => a - b);
  return { label, firstMs, medianMs: percentile(times, 50), p99Ms: percentile(times, 99), bytes };
}) as [Result, Result];
const ratio = reactPdf.medianMs / direct.medianMs;

console.log(`Certificate PDF, first render and median of ${n} (${process.version})`);
table([
  ["renderer", "first", "median", "p99", "bytes"],
  ...[reactPdf, direct].map((r) => [r.label, ms(r.firstMs), ms(r.medianMs), ms(r.p99Ms), r.bytes]),
]);
console.log(`ratio (react-pdf median / pdfkit median): ${ratio.toFixed(2)}× (rounds: ${roundRatios.map((x) => x.toFixed(2)).join(", ")}) — goal ≤ 2×: ${ratio <= 2 ? "met" : "NOT met"}`);
saveResults("certificatePdf", { n, rounds: ROUNDS, reactPdf, pdfkitDirect: direct, ratio, roundRatios });
