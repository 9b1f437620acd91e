import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "#app/components/nonce.tsx";
import "#app/utils/request.server.ts";

export { initialize, shutdown } from "#app/server/startup.server.ts";
export { advanceClock, clockOffsetMs } from "#app/utils/clock.server.ts";
// Background work the server process runs (app/serve.ts starts and stops it); exported here
// so it shares this build's database connection and clock.
export { startReminderScheduler, stopReminderScheduler, startStatusScheduler, stopStatusScheduler } from "#app/server/scheduler.server.ts";
export { startDeliveryWorker, stopDeliveryWorker } from "#app/server/delivery-worker.server.ts";
export { backfillCertificatePdfs } from "#app/models/certificate-pdf.server.ts";

const ABORT_DELAY = 5_000;

/** Logs real failures only: 4xx answers (unknown URL, wrong method, bad input) are expected. */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const waitForAll = isbot(request.headers.get("user-agent") || "") || remixContext.isSpaMode;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // The page's language, as <html lang> says; it depends on the account, a cookie
          // and Accept-Language, so a shared cache must keep the versions apart.
          const lang = (remixContext.staticHandlerContext.loaderData?.root as { lang?: string } | undefined)?.lang;
          if (lang) responseHeaders.set("Content-Language", lang);
          if (!/accept-language/i.test(responseHeaders.get("Vary") ?? "")) responseHeaders.append("Vary", "Accept-Language, Cookie");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        nonce,
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
