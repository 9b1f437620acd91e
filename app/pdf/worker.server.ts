/**
 * A PDF worker thread: renders certificates and compliance reports off the main event loop
 * (react-pdf's layout is synchronous). Started by app/pdf/pool.server.ts: compiled to
 * build/node/pdf-worker.js when the server runs from the build (app/cli/build-node.ts), through
 * worker-bootstrap.mjs (which registers tsx in the thread) when it runs from source (tests, dev);
 * one job at a time. Each document module is loaded on its first job: the report lane's thread
 * never loads react-pdf. It tells the pool it is ready once loaded (a job's time limit counts
 * from when it is handed over, not from start-up).
 */
import { parentPort } from "node:worker_threads";
import type { CertificatePdfData } from "./certificate.server.tsx";
import type { AttestationData } from "./attestation.server.tsx";
import type { CardData } from "./card.server.tsx";
import type { PosterData } from "./poster.server.tsx";
import type { ReportData } from "./report.server.ts";
import type { SignData } from "./sign.server.tsx";
import type { SlipData } from "./slip.server.tsx";

export type PdfJob =
  | { kind: "certificate"; data: CertificatePdfData }
  | { kind: "report"; data: ReportData }
  | { kind: "poster"; data: PosterData }
  | { kind: "attestation"; data: AttestationData }
  | { kind: "card"; data: CardData }
  | { kind: "sign"; data: SignData }
  | { kind: "slip"; data: SlipData };

async function render(job: PdfJob): Promise<Buffer> {
  switch (job.kind) {
    case "certificate":
      return (await import("./certificate.server.tsx")).renderCertificatePdf(job.data);
    case "report":
      return (await import("./report.server.ts")).renderReportPdf(job.data);
    case "poster":
      return (await import("./poster.server.tsx")).renderPosterPdf(job.data);
    case "attestation":
      return (await import("./attestation.server.tsx")).renderAttestationPdf(job.data);
    case "card":
      return (await import("./card.server.tsx")).renderCardPdf(job.data);
    case "sign":
      return (await import("./sign.server.tsx")).renderSignPdf(job.data);
    case "slip":
      return (await import("./slip.server.tsx")).renderSlipPdf(job.data);
  }
}
export type PdfReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; error: string };

parentPort?.on("message", async ({ id, job }: { id: number; job: PdfJob }) => {
  try {
    const bytes = await render(job);
    const out = new Uint8Array(bytes);
    parentPort!.postMessage({ id, ok: true, bytes: out } satisfies PdfReply, [out.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies PdfReply);
  }
});

parentPort?.postMessage({ ready: true });
