import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "#app/components/nonce.tsx";
import { DocumentHtmlContext } from "#app/components/document-html.tsx";
import "#app/utils/request.server.ts";

export { initialize, shutdown } from "#app/server/startup.server.ts";
export { advanceClock, clockOffsetMs } from "#app/utils/clock.server.ts";
// Background work the server process runs (app/serve.ts starts and stops it); exported here
// so it shares this build's database connection and clock.
export { startReminderScheduler, stopReminderScheduler, startStatusScheduler, stopStatusScheduler } from "#app/server/scheduler.server.ts";
export { startDeliveryWorker, stopDeliveryWorker } from "#app/server/delivery-worker.server.ts";
export { backfillCertificatePdfs } from "#app/models/certificate-pdf.server.ts";
export { messagesAssetSource } from "#app/i18n/i18n.server.ts";

const ABORT_DELAY = 5_000;

/** Logs real failures only: 4xx answers (unknown URL, wrong method, bad input) are expected. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};

/**
 * The document is rendered whole (`onAllReady`, for every request, not only bots) and sent as
 * one buffer: compression then works on one chunk instead of many small ones (with brotli, as
 * browsers ask, CPU per page more than halved; ADR 036). The app defers no data, so nothing is
 * lost by not streaming; deferred data, if any, would be awaited (within ABORT_DELAY) and sent
 * resolved in the same document.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    // The render is given ABORT_DELAY to finish. The timer is cleared when it does (or fails):
    // left running, it kept every render (React's state, the chunks, the Request and Response)
    // alive for 5 s, ~1,500 renders at 300 req/s, ~350 MB of the server's resident set (ADR 036).
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const done = () => {
      finished = true;
      clearTimeout(timer);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <DocumentHtmlContext.Provider value={loadContext.documentHtml}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </DocumentHtmlContext.Provider>
      </NonceContext.Provider>,
      {
        onAllReady() {
          shellRendered = true;
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk);
              callback();
            },
            final(callback) {
              done();
              callback();
              const html = Buffer.concat(chunks);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              responseHeaders.set("Content-Length", String(html.length));
              // The page's language, as <html lang> says; it depends on the account, a cookie
              // and Accept-Language, so a shared cache must keep the versions apart.
              const lang = (remixContext.staticHandlerContext.loaderData?.root as { lang?: string } | undefined)?.lang;
              if (lang) responseHeaders.set("Content-Language", lang);
              if (!/accept-language/i.test(responseHeaders.get("Vary") ?? "")) responseHeaders.append("Vary", "Accept-Language, Cookie");
              const response = new Response(html, { headers: responseHeaders, status: responseStatusCode });
              // The server sends `html` as it is, without reading it back out of the Response.
              loadContext.wholeDocument = { response, body: html };
              resolve(response);
            },
          });
          pipe(sink);
        },
        nonce,
        onShellError(error: unknown) {
          done();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    if (!finished) timer = setTimeout(abort, ABORT_DELAY);
  });
}
