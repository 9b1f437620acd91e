/**
 * The production server's own request pipeline on node:http (app/server/http-app.server.ts, ADR
 * 036 addendum "Express → node:http"): what Express used to do for it and other tests take for
 * granted — the client's address and protocol behind one proxy (TRUST_PROXY=1) and not without
 * it, HEAD, a path that does not decode, compression chosen by Accept-Encoding, public files'
 * caching and 304, and the end-to-end tests' clock endpoint.
 */
import http from "node:http";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "#tests/support/server.ts";
import { brotliWindowBits } from "#tests/support/brotli.ts";
import { PAGE_BROTLI_MAX_LGWIN, wholeBodyLgwin } from "#app/server/page-encoding.server.ts";

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent (not decompressed). */
  body: Buffer;
}

/** One request with node:http, so that nothing decompresses or adds headers behind the test's back. */
function raw(origin: string, pathname: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${pathname}`, { method: opts.method ?? "GET", headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** The audit rows (sign-ins) written after `seq`, with the client address each recorded. */
function signInAddresses(dbPath: string, seq: number) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT action, client_address AS address FROM audit_log WHERE seq > ? AND action = 'sign-in' ORDER BY seq").all(seq) as { action: string; address: string }[];
  } finally {
    db.close();
  }
}
function lastSeq(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_log").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function signInFrom(server: TestServer, headers: Record<string, string>) {
  const res = await server.request("/login", { form: { username: "demo-worker", password: "frontline-demo" }, headers });
  expect(res.status).toBe(302);
}

let server: TestServer;
let proxied: TestServer;

beforeAll(async () => {
  // The proxied server runs without the test clock (as production does).
  [server, proxied] = await Promise.all([startServer(), startServer({ TRUST_PROXY: "1", FRONTLINE_TEST_CLOCK: undefined })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), proxied?.stop()]);
});

describe("the client's address and protocol", () => {
  it("without TRUST_PROXY: the connection's address, whatever X-Forwarded-For says; X-Forwarded-Proto turns on no HSTS", async () => {
    const seq = lastSeq(server.dbPath);
    await signInFrom(server, { "X-Forwarded-For": "203.0.113.9, 198.51.100.7" });
    expect(signInAddresses(server.dbPath, seq).map((r) => r.address)).toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/)]);
    const page = await server.request("/login", { headers: { "X-Forwarded-Proto": "https" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBeNull();
  });

  it("with TRUST_PROXY=1 (one proxy): the last X-Forwarded-For address, the one the proxy added; the connection's when there is none", async () => {
    const seq = lastSeq(proxied.dbPath);
    await signInFrom(proxied, { "X-Forwarded-For": "203.0.113.9, 198.51.100.7" });
    await signInFrom(proxied, { "X-Forwarded-For": " 192.0.2.44 " });
    await signInFrom(proxied, {});
    expect(signInAddresses(proxied.dbPath, seq).map((r) => r.address)).toEqual(["198.51.100.7", "192.0.2.44", expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/)]);
  });

  it("with TRUST_PROXY=1: the first X-Forwarded-Proto is the request's protocol, for HSTS and for the same-origin check", async () => {
    const page = await proxied.request("/login", { headers: { "X-Forwarded-Proto": "https, http" } });
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect((await proxied.request("/login", { headers: { "X-Forwarded-Proto": "http" } })).headers.get("strict-transport-security")).toBeNull();
    // A form posted on the proxy's https address: the proxy passes Host and says https.
    const post = (to: TestServer) =>
      raw(to.origin, "/login", {
        method: "POST",
        headers: { Host: "training.example", Origin: "https://training.example", "X-Forwarded-Proto": "https", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "demo-worker", password: "frontline-demo" }).toString(),
      });
    expect((await post(proxied)).status).toBe(302);
    // Without TRUST_PROXY the header is the client's word: the request came in on http, and an https Origin is another site.
    expect((await post(server)).status).toBe(403);
  });
});

describe("HEAD", () => {
  it("answers a page, a public file and a build asset with GET's status and headers and no body", async () => {
    const asset = /\/assets\/[\w.-]+\.js/.exec(await (await server.request("/login")).text())![0];
    for (const pathname of ["/login", "/favicon.svg", asset]) {
      const get = await raw(server.origin, pathname, { headers: { "Accept-Encoding": "identity" } });
      const head = await raw(server.origin, pathname, { method: "HEAD", headers: { "Accept-Encoding": "identity" } });
      expect(get.status, pathname).toBe(200);
      expect(head.status, pathname).toBe(200);
      expect(head.body.length, pathname).toBe(0);
      expect(head.headers["content-type"], pathname).toBe(get.headers["content-type"]);
      expect(head.headers["x-content-type-options"], pathname).toBe("nosniff");
      if (pathname !== "/login") expect(Number(head.headers["content-length"]), pathname).toBe(get.body.length);
    }
  });
});

describe("a path that does not decode", () => {
  it("is a 400 with a plain message and no stack trace in the log; a malformed query is left to the page", async () => {
    const before = server.log().length;
    for (const pathname of ["/learn/%E0%A4%A", "/%", "/verify/%zz", "/favicon%.svg"]) {
      const res = await raw(server.origin, pathname);
      expect(res.status, pathname).toBe(400);
      expect(res.headers["content-type"], pathname).toBe("text/plain; charset=utf-8");
      expect(res.body.toString(), pathname).toBe("Bad request");
      // Still sent with the security headers.
      expect(res.headers["content-security-policy"], pathname).toMatch(/default-src 'self'/);
    }
    expect((await raw(server.origin, "/login?next=%E0%A4%A")).status).toBe(200);
    const log = server.log().slice(before);
    expect(log).not.toMatch(/URIError|\n\s+at /);
  });
});

describe("compression", () => {
  it("sends a page in brotli (a window sized to the page, at most 256 KB) or gzip as Accept-Encoding asks, and as is for identity", async () => {
    const br = await raw(server.origin, "/login", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    const html = zlib.brotliDecompressSync(br.body).toString();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // The stream's first bits give its window: the smallest that holds the page (app/server/page-encoding.server.ts).
    expect(brotliWindowBits(br.body)).toBe(wholeBodyLgwin(Buffer.byteLength(html)));
    expect(brotliWindowBits(br.body)).toBeLessThan(PAGE_BROTLI_MAX_LGWIN);

    const gzip = await raw(server.origin, "/login", { headers: { "Accept-Encoding": "gzip" } });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gzip.body).toString()).toMatch(/^<!DOCTYPE html>/);

    const plain = await raw(server.origin, "/login", { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toMatch(/^<!DOCTYPE html>/);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });

  it("encodes a whole page in one piece (app/server/page-encoding.server.ts): its length given, q-values honoured, brotli preferred", async () => {
    const br = await raw(server.origin, "/login", { headers: { "Accept-Encoding": "gzip, deflate, br, zstd" } });
    expect(br.headers["content-encoding"]).toBe("br");
    // One piece: the length is known, not chunked.
    expect(Number(br.headers["content-length"])).toBe(br.body.length);
    expect(br.headers["transfer-encoding"]).toBeUndefined();
    expect(String(br.headers.vary).split(/\s*,\s*/).filter((v) => v.toLowerCase() === "accept-encoding")).toHaveLength(1);
    const noBrotli = await raw(server.origin, "/login", { headers: { "Accept-Encoding": "br;q=0, gzip" } });
    expect(noBrotli.headers["content-encoding"]).toBe("gzip");
    expect(Number(noBrotli.headers["content-length"])).toBe(noBrotli.body.length);
    expect(zlib.gunzipSync(noBrotli.body).toString()).toMatch(/^<!DOCTYPE html>/);
    const none = await raw(server.origin, "/login", { headers: { "Accept-Encoding": "gzip;q=0, br;q=0" } });
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(Number(none.headers["content-length"])).toBe(none.body.length);
    const nothingAsked = await raw(server.origin, "/login");
    expect(nothingAsked.headers["content-encoding"]).toBeUndefined();
    const head = await raw(server.origin, "/login", { method: "HEAD", headers: { "Accept-Encoding": "br" } });
    expect(head.headers["content-encoding"]).toBeUndefined();
    expect(head.body.length).toBe(0);
  });

  it("sends build assets precompressed at the highest level, immutable", async () => {
    const asset = /\/assets\/[\w.-]+\.js/.exec(await (await server.request("/login")).text())![0];
    const plain = await raw(server.origin, asset, { headers: { "Accept-Encoding": "identity" } });
    const br = await raw(server.origin, asset, { headers: { "Accept-Encoding": "br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    // The page's CSP is not sent with assets.
    expect(br.headers["content-security-policy"]).toBeUndefined();
  });
});

describe("public files", () => {
  it("are cached an hour, answered 304 when unchanged, and stay public for a signed-in request", async () => {
    const first = await raw(server.origin, "/favicon.svg");
    expect(first.status).toBe(200);
    expect(first.headers["cache-control"]).toBe("public, max-age=3600");
    expect(first.headers.etag).toBeTruthy();
    expect(first.headers["last-modified"]).toBeTruthy();
    const byTag = await raw(server.origin, "/favicon.svg", { headers: { "If-None-Match": first.headers.etag! } });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    const byDate = await raw(server.origin, "/favicon.svg", { headers: { "If-Modified-Since": first.headers["last-modified"]! } });
    expect(byDate.status).toBe(304);
    const cookie = await server.signIn("demo-worker");
    const signedIn = await raw(server.origin, "/favicon.svg", { headers: { Cookie: cookie } });
    expect(signedIn.headers["cache-control"]).toBe("public, max-age=3600");
    // A page for the same request is private.
    expect((await raw(server.origin, "/learn", { headers: { Cookie: cookie } })).headers["cache-control"]).toBe("private, no-store");
  });
});

describe("POST /__test/clock (FRONTLINE_TEST_CLOCK=1)", () => {
  it("moves the clock by a non-negative number of ms, and refuses anything else with 400 and no move", async () => {
    const move = (body: string) => raw(server.origin, "/__test/clock", { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const ok = await move(JSON.stringify({ advanceMs: 0 }));
    expect(ok.status).toBe(200);
    const offset = (JSON.parse(ok.body.toString()) as { offsetMs: number }).offsetMs;
    for (const bad of ["{not json", JSON.stringify({ advanceMs: -1 }), JSON.stringify({ advanceMs: "60000" }), JSON.stringify({}), "null", JSON.stringify({ advanceMs: 1e400 })]) {
      const res = await move(bad);
      expect(res.status, bad).toBe(400);
      expect(JSON.parse(res.body.toString()), bad).toEqual({ error: "advanceMs must be a non-negative number" });
    }
    const moved = await move(JSON.stringify({ advanceMs: 1000 }));
    expect(JSON.parse(moved.body.toString())).toEqual({ offsetMs: offset + 1000 });
    // Only POST: a GET is an ordinary (missing) page.
    expect((await raw(server.origin, "/__test/clock")).status).toBe(404);
  });

  it("does not exist without FRONTLINE_TEST_CLOCK=1: the post is an ordinary write, refused without the site's Origin", async () => {
    const res = await raw(proxied.origin, "/__test/clock", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advanceMs: 1000 }) });
    expect(res.status).toBe(403);
    expect(res.body.toString()).not.toMatch(/offsetMs/);
  });
});
