/**
 * Remix on node:http (app/server/http.server.ts): @remix-run/express's handler without Express,
 * with one difference (ADR 036). The request's signal is aborted when the connection is done
 * with the response — also after a complete answer, where @remix-run/express leaves it alone.
 * Remix starts a ~5 s timer for the page's data stream (`encodeViaTurboStream`) that only the
 * request's abort clears; left running, it kept every page's loader data and stream reachable
 * for those 5 s under load. Handlers read `request.signal.aborted` only while they work, never
 * after their answer.
 */
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { encodeWhole, wholeEncoding } from "./page-encoding.server.ts";
import { header, hostnameOf, protocolOf, withCharset, type Next, type Request as HttpRequest, type Response as HttpResponse } from "./http.server.ts";

export function remixHandler(build: ServerBuild, getLoadContext: (req: HttpRequest, res: HttpResponse) => AppLoadContext) {
  const handle = createRequestHandler(build, "production");
  return async (req: HttpRequest, res: HttpResponse, next: Next) => {
    // A path that does not decode (a malformed %-escape) is the client's error: 400, as Express
    // answered when it decoded its route parameter (Remix would match it as written).
    try {
      decodeURIComponent(req.path);
    } catch {
      return next(Object.assign(new URIError(`malformed path ${JSON.stringify(req.path.slice(0, 200))}`), { status: 400 }));
    }
    try {
      const context = getLoadContext(req, res);
      const response = await handle(remixRequest(req, res), context);
      // A page the render made whole (app/entry.server.tsx): its bytes as they are, not read
      // back through the Response's body stream (a stream made, read and copied for nothing).
      const whole = context.wholeDocument?.response === response ? context.wholeDocument.body : undefined;
      res.statusMessage = response.statusText;
      res.statusCode = response.status;
      // Added to what earlier steps set (as Express's res.append), a text type with its charset
      // (as Express's res.set did to every Content-Type).
      for (const [key, value] of response.headers.entries()) res.appendHeader(key, key === "content-type" ? withCharset(value) : value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
      // A whole answer (a page: app/entry.server.tsx gives its length) is compressed in one call.
      const length = Number(response.headers.get("Content-Length"));
      const encoding = response.body && Number.isSafeInteger(length) ? wholeEncoding(req, response.headers, length) : null;
      if (encoding) {
        const encoded = encodeWhole(whole ?? Buffer.from(await response.arrayBuffer()), encoding);
        res.setHeader("Content-Encoding", encoding);
        res.setHeader("Content-Length", String(encoded.length));
        res.appendHeader("Vary", "Accept-Encoding");
        res.end(encoded);
      } else if (whole) res.end(whole);
      else if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/** The request signal's abort reason once the answer has been sent whole. */
const ANSWERED = Object.freeze(new Error("The answer to this request was sent."));

/** As @remix-run/express's createRemixRequest: the URL from Host (or X-Forwarded-Host, by TRUST_PROXY), the body as a stream. */
function remixRequest(req: HttpRequest, res: HttpResponse): Request {
  const portOf = (value: string | undefined) => {
    const n = Number.parseInt(value?.split(":")[1] ?? "", 10);
    return Number.isSafeInteger(n) ? n : undefined;
  };
  const port = portOf(header(req, "x-forwarded-host")) ?? portOf(header(req, "host"));
  const url = new URL(`${protocolOf(req)}://${hostnameOf(req)}${port ? `:${port}` : ""}${req.url}`);
  const controller = new AbortController();
  // After a complete answer, with a reason made once: an abort without one builds a DOMException
  // and its stack trace on every request (~1 % of a page's CPU). A client that went away mid-answer
  // still gets the standard AbortError.
  res.on("close", () => (res.writableFinished ? controller.abort(ANSWERED) : controller.abort()));
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

function remixHeaders(incoming: HttpRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(incoming)) {
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else if (values) headers.set(key, values);
  }
  return headers;
}
