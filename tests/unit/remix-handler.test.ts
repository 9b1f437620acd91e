/**
 * The server sends a page the render made whole from the render's own buffer
 * (`loadContext.wholeDocument`, set by app/entry.server.tsx), not by reading the Response's body
 * back; any other answer from its Response (app/server/remix-handler.server.ts, ADR 036). A build
 * of one route whose entry answers as the app's does, on node:http through the app's pipeline.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipeline, type Request as HttpRequest } from "#app/server/http.server.ts";
import { answerError } from "#app/server/http-app.server.ts";
import { remixHandler } from "#app/server/remix-handler.server.ts";

const PAGE = `<!DOCTYPE html><html><body>${"<p>The page the Response carries.</p>".repeat(60)}</body></html>`;
/** As long as PAGE (the Response's Content-Length is sent) but not the same bytes. */
const BUFFER = PAGE.toUpperCase();

/** What the entry records beside its Response, by the request's `?r=`: the two agree in the app; here they differ, to tell which one was sent. */
type Kept = "same-response" | "other-response" | "none";
const keptFor = (url: URL): Kept => (url.searchParams.get("r") as Kept | null) ?? "same-response";

const build = {
  mode: "production",
  basename: "/",
  publicPath: "/build/",
  assetsBuildDirectory: "build/client",
  isSpaMode: false,
  future: { v3_singleFetch: true, v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: false },
  assets: { entry: { module: "/entry.js", imports: [] }, routes: { root: { id: "root", path: "", module: "/root.js", hasLoader: false, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false } }, url: "/manifest.js", version: "1" },
  routes: { root: { id: "root", path: "", module: { default: () => null } } },
  entry: {
    module: {
      default: (request: Request, status: number, headers: Headers, _context: unknown, loadContext: AppLoadContext) => {
        const body = Buffer.from(PAGE);
        headers.set("Content-Type", "text/html; charset=utf-8");
        headers.set("Content-Length", String(body.length));
        const response = new Response(body, { status, headers });
        const kept = keptFor(new URL(request.url));
        if (kept !== "none") loadContext.wholeDocument = { response: kept === "same-response" ? response : new Response(body), body: Buffer.from(BUFFER) };
        return response;
      },
    },
  },
} as unknown as ServerBuild;

let server: http.Server;
let origin: string;
beforeAll(async () => {
  server = http.createServer(pipeline([remixHandler(build, (_req: HttpRequest) => ({}))], answerError));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .request(`${origin}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject)
      .end();
  });
}

describe("a page the render made whole", () => {
  it("is sent from the render's buffer, as it is and compressed", async () => {
    const plain = await get("/?r=same-response", { "Accept-Encoding": "identity" });
    expect(plain.status).toBe(200);
    expect(plain.body.toString()).toBe(BUFFER);
    const br = await get("/?r=same-response", { "Accept-Encoding": "br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(BUFFER);
    const gzip = await get("/?r=same-response", { "Accept-Encoding": "gzip" });
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(BUFFER);
  });

  it("is read from its Response when the buffer recorded belongs to another Response, or none was recorded", async () => {
    for (const path of ["/?r=other-response", "/?r=none"]) {
      const plain = await get(path, { "Accept-Encoding": "identity" });
      expect(plain.body.toString(), path).toBe(PAGE);
      const br = await get(path, { "Accept-Encoding": "br" });
      expect(zlib.brotliDecompressSync(br.body).toString(), path).toBe(PAGE);
    }
  });

  it("sends no body for HEAD (Remix answers it with a Response of its own)", async () => {
    const head = await get("/?r=same-response", { "Accept-Encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});
