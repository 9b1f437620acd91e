/**
 * The site's own address in what it writes down (certificate PDFs, which are stored and then
 * served for years, posters, emailed links) comes from PUBLIC_URL, never from the request's
 * Host header: a client that forges Host must not get its address printed into a stored
 * certificate. Production refuses to start without PUBLIC_URL.
 */
import net from "node:net";
import os from "node:os";
import http from "node:http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "#tests/support/server.ts";
import { pdfText } from "#tests/support/pdf.ts";

const CONFIGURED = "https://training.frontline.example";
const FORGED = "evil.example";

let server: TestServer;

/** A GET with headers fetch() will not send as given (Host). */
function rawGet(pathname: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer }> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: pathname, method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  server = await startServer({ PUBLIC_URL: CONFIGURED });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("a forged Host header", () => {
  it("does not reach a stored certificate PDF: its verify address is PUBLIC_URL's, on the first download and after", async () => {
    const cookie = await server.signIn("demo-certified");
    const db = new Database(server.dbPath);
    const cert = db.prepare("SELECT c.id, c.code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").get() as { id: string; code: string };
    const code = `${cert.code.slice(0, 5)}-${cert.code.slice(5, 10)}-${cert.code.slice(10)}`;
    // As if the certificate had just been issued: no PDF stored yet, so this download renders and stores it.
    for (let i = 0; i < 50 && !db.prepare("SELECT 1 FROM certificate_pdfs WHERE certificate_id = ?").get(cert.id); i++) await new Promise((r) => setTimeout(r, 100));
    db.prepare("DELETE FROM certificate_pdfs WHERE certificate_id = ?").run(cert.id);
    const forged = await rawGet(`/certificates/${code}.pdf`, { Host: FORGED, Cookie: cookie });
    expect(forged.status).toBe(200);
    const first = (await pdfText(new Uint8Array(forged.body))).text;
    expect(first).toContain(`${CONFIGURED}/verify`);
    expect(first).not.toContain(FORGED);
    expect(db.prepare("SELECT 1 FROM certificate_pdfs WHERE certificate_id = ?").get(cert.id)).toBeTruthy();
    db.close();
    // The stored bytes, served to an honest request later.
    const later = await server.request(`/certificates/${code}.pdf`, { cookie });
    const text = (await pdfText(new Uint8Array(await later.arrayBuffer()))).text;
    expect(text).toContain(`${CONFIGURED}/verify`);
    expect(text).not.toContain(FORGED);
  });

  it("does not reach a site's poster: its join link and QR code are PUBLIC_URL's", async () => {
    const cookie = await server.signIn("demo-employer");
    const db = new Database(server.dbPath, { readonly: true });
    const site = db.prepare("SELECT id, join_code FROM sites WHERE join_code = 'LAKESIDE-ANNEX'").get() as { id: string; join_code: string };
    db.close();
    const res = await rawGet(`/employer/sites/${site.id}/poster.pdf`, { Host: FORGED, Cookie: cookie });
    expect(res.status).toBe(200);
    const { text } = await pdfText(new Uint8Array(res.body));
    // (A long address may be cut into lines before a "/": read without the breaks.)
    expect(text.replace(/\s+/g, "")).toContain(`${CONFIGURED}/join/${site.join_code}`);
    expect(text).not.toContain(FORGED);
  });

  it("does not reach the join links an admin copies from the employer pages", async () => {
    const cookie = await server.signIn("demo-employer");
    for (const path of ["/employer", "/employer/sites"]) {
      const res = await rawGet(path, { Host: FORGED, Cookie: cookie });
      expect(res.status, path).toBe(200);
      const html = res.body.toString("utf8");
      expect(html, path).toContain(`${CONFIGURED}/join/LAKESIDE-INN`);
      expect(html, path).not.toContain(`${FORGED}/join`);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

describe("PUBLIC_URL at start-up", () => {
  /** What a server started with `env` says when it refuses to start ("started" when it starts). */
  async function refusal(env: Record<string, string | undefined>) {
    try {
      const started = await startServer(env);
      await started.stop();
      return "started";
    } catch (error) {
      return String(error);
    }
  }

  it("is required in production on a server others can reach: the server refuses to start and says so", async () => {
    expect(await refusal({ PUBLIC_URL: undefined, HOST: "0.0.0.0" })).toMatch(/PUBLIC_URL is not set[\s\S]*required in production/);
    // An empty value is no value; a proxy in front means others reach it.
    expect(await refusal({ PUBLIC_URL: "", HOST: "0.0.0.0" })).toMatch(/PUBLIC_URL is not set/);
    expect(await refusal({ PUBLIC_URL: undefined, HOST: "127.0.0.1", TRUST_PROXY: "1" })).toMatch(/PUBLIC_URL is not set/);
  }, 90_000);

  it("is not needed by `npm start` on one's own machine: without PUBLIC_URL and HOST it listens on loopback only and prints localhost", async () => {
    // A fixed port, as `npm start` has (3000 unless PORT says otherwise): the printed address names it.
    const port = await freePort();
    const local = await startServer({ PUBLIC_URL: undefined, HOST: undefined, PORT: String(port) });
    try {
      expect((await local.request("/healthz")).status).toBe(200);
      // The address it prints is its own, which only this machine can open.
      const html = await (await local.request("/employer", { cookie: await local.signIn("demo-employer") })).text();
      expect(html).toContain(`http://localhost:${port}/join/LAKESIDE-INN`);
      // Not reachable on the machine's other addresses.
      const other = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
      if (other) await expect(fetch(`http://${other}:${port}/healthz`)).rejects.toThrow();
    } finally {
      await local.stop();
    }
  }, 60_000);

  it("must be an http or https address", async () => {
    expect(await refusal({ PUBLIC_URL: "javascript:alert(1)" })).toMatch(/PUBLIC_URL: .*http/);
  }, 60_000);
});
