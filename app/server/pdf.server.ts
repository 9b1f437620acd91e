/**
 * PDFs rendered for a request: the pool's refusals and failures as HTTP answers with a
 * message, never a hung request (ADR 011). Thrown as Responses: a resource route passes a
 * thrown Response on as it is (a thrown `data()` would lose its text and headers). Too many of the tenant's reports waiting → 429
 * with Retry-After; a job stopped at its time or memory limit, or whose worker died → 503.
 */
import { getT } from "#app/i18n/i18n.server.ts";
import { PdfBusyError, PdfJobError, renderInWorker } from "#app/pdf/pool.server.ts";
import type { PdfJob } from "#app/pdf/worker.server.ts";

/** How long a 503 asks the client to wait before trying again. */
const RETRY_AFTER_FAILURE_S = 60;

/** Runs `fn` (which renders in the PDF pool) and turns the pool's errors into 429 / 503 answers. */
export async function withPdfLimits<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof PdfBusyError) {
      const { t } = await getT(request);
      throw new Response(t("errors.pdfBusy", { count: error.retryAfterSeconds }), {
        status: 429,
        headers: { "Retry-After": String(error.retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    if (error instanceof PdfJobError) {
      console.error(`[frontline] PDF job failed (${error.reason}): ${error.message}`);
      const { t } = await getT(request);
      throw new Response(t(error.reason === "failed" ? "errors.pdfFailed" : "errors.pdfStopped"), {
        status: 503,
        headers: { "Retry-After": String(RETRY_AFTER_FAILURE_S), "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
}

/** Renders `job` for this request, in the tenant's turn. */
export function renderPdf(request: Request, job: PdfJob, tenant: string): Promise<Buffer> {
  return withPdfLimits(request, () => renderInWorker(job, { tenant, signal: request.signal }));
}
