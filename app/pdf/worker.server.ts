/**
 * The PDF worker thread: renders certificates and compliance reports off the main event
 * loop (react-pdf's layout is synchronous: a 500-row report takes seconds). Started by
 * app/pdf/pool.server.ts through worker-bootstrap.mjs, which registers tsx in the thread.
 */
import { parentPort } from "node:worker_threads";
import { renderCertificatePdf, type CertificatePdfData } from "./certificate.server.tsx";
import { renderAttestationPdf, type AttestationData } from "./attestation.server.tsx";
import { renderCardPdf, type CardData } from "./card.server.tsx";
import { renderPosterPdf, type PosterData } from "./poster.server.tsx";
import { renderReportPdf, type ReportData } from "./report.server.ts";
import { renderSignPdf, type SignData } from "./sign.server.tsx";

export type PdfJob =
  | { kind: "certificate"; data: CertificatePdfData }
  | { kind: "report"; data: ReportData }
  | { kind: "poster"; data: PosterData }
  | { kind: "attestation"; data: AttestationData }
  | { kind: "card"; data: CardData }
  | { kind: "sign"; data: SignData };

function render(job: PdfJob): Promise<Buffer> {
  switch (job.kind) {
    case "certificate":
      return renderCertificatePdf(job.data);
    case "report":
      return renderReportPdf(job.data);
    case "poster":
      return renderPosterPdf(job.data);
    case "attestation":
      return renderAttestationPdf(job.data);
    case "card":
      return renderCardPdf(job.data);
    case "sign":
      return renderSignPdf(job.data);
  }
}
export type PdfReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; error: string };

parentPort!.on("message", async ({ id, job }: { id: number; job: PdfJob }) => {
  try {
    const bytes = await render(job);
    const out = new Uint8Array(bytes);
    parentPort!.postMessage({ id, ok: true, bytes: out } satisfies PdfReply, [out.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies PdfReply);
  }
});
