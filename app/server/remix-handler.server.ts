/**
 * Remix behind Express: @remix-run/express's handler, with one difference (ADR 036). The
 * request's signal is aborted when the connection is done with the response — also after a
 * complete answer, where @remix-run/express leaves it alone. Remix starts a ~5 s timer for the
 * page's data stream (`encodeViaTurboStream`) that only the request's abort clears; left
 * running, it kept every page's loader data and stream reachable for those 5 s under load.
 * Handlers read `request.signal.aborted` only while they work, never after their answer.
 */
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

export function remixHandler(build: ServerBuild, getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext) {
  const handle = createRequestHandler(build, "production");
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(remixRequest(req, res), getLoadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/** As @remix-run/express's createRemixRequest: the URL from Host (or X-Forwarded-Host, by "trust proxy"), the body as a stream. */
function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const portOf = (header: string | undefined) => {
    const n = Number.parseInt(header?.split(":")[1] ?? "", 10);
    return Number.isSafeInteger(n) ? n : undefined;
  };
  const port = portOf(req.get("X-Forwarded-Host")) ?? portOf(req.get("host"));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req.headers), signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

function remixHeaders(incoming: ExpressRequest["headers"]): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(incoming)) {
    if (Array.isArray(values)) for (const v of values) headers.append(key, v);
    else if (values) headers.set(key, values);
  }
  return headers;
}
