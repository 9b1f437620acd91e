/**
 * The body limit, against the production server, on a server of its own: a refused or unread
 * body leaves its connection unusable, which would disturb other tests sharing the server.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "#tests/support/server.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/**
 * A chunked POST written straight to a socket (no Content-Length: only counting what arrives can
 * stop it): `first` as one chunk, then `padding` bytes of "a" in 64 KB chunks, then the last chunk,
 * as fast as the server reads them. Resolves with what came back and how much the client got to
 * send before the server answered and closed the connection.
 */
function chunkedPost(pathname: string, first: string, padding: number, origin = server.origin): Promise<{ response: string; sent: number; closedByServer: boolean }> {
  const url = new URL(server.origin);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let response = "";
    let sent = 0;
    let closedByServer = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ response, sent, closedByServer });
    };
    const timer = setTimeout(finish, 60_000);
    socket.on("data", (d: Buffer) => (response += d.toString("latin1")));
    socket.on("end", () => {
      closedByServer = true;
      finish();
    });
    // A reset once the server stops reading counts as closing: what matters is what it answered.
    socket.on("error", () => {
      closedByServer = true;
      finish();
    });
    socket.on("close", finish);
    const frame = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
    socket.on("connect", async () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      socket.write(frame(Buffer.from(first)));
      sent += first.length;
      const block = frame(Buffer.alloc(64 * 1024, "a"));
      while (!done && sent < first.length + padding) {
        const more = socket.write(block);
        sent += 64 * 1024;
        if (!more) await new Promise((r) => (socket.once("drain", r), socket.once("close", r)));
      }
      if (!done) socket.write("0\r\n\r\n");
    });
  });
}

describe("body limit", () => {
  it("answers a form body over 1 MB with 413 and its message, not a reset connection, every time", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await server.request("/login", { method: "POST", body: "a".repeat(2_000_000), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      expect(res.status).toBe(413);
      expect(await res.text()).toMatch(/larger than 1024 KB/);
    }
  });

  it("lets a worker's page take a proof file of a few MB (its own limit is 6 MB), and refuses more", async () => {
    const three = await server.request("/employer/workers/someone", { method: "POST", body: "a".repeat(3_000_000), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(three.status).not.toBe(413);
    const seven = await server.request("/employer/workers/someone", { method: "POST", body: "a".repeat(7_000_000), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(seven.status).toBe(413);
  });

  it("counts a chunked body as it arrives: 50 MB sent anonymously is stopped at 1 MB with 413, and the connection closed", async () => {
    const { response, sent, closedByServer } = await chunkedPost("/login", "username=x&password=y&pad=", 50 * 1024 * 1024);
    expect(response.slice(0, 40)).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/\r\nconnection: close\r\n/i);
    expect(response).toMatch(/larger than 1024 KB/);
    expect(closedByServer).toBe(true);
    // The server stopped reading at the limit: the client got to send little more than the socket buffers hold.
    expect(sent).toBeLessThan(24 * 1024 * 1024);
    expect((await server.request("/healthz")).status).toBe(200);
  }, 90_000);

  it("refuses a chunked body just over the limit without acting on it (no sign-in), and takes one under it", async () => {
    const over = await chunkedPost("/login", "username=demo-worker&password=frontline-demo&pad=", 1024 * 1024 + 64 * 1024);
    expect(over.response.slice(0, 40)).toMatch(/^HTTP\/1\.1 413 /);
    expect(over.response).not.toMatch(/set-cookie/i);
    const under = await chunkedPost("/login", "username=demo-worker&password=frontline-demo&pad=", 512 * 1024);
    expect(under.response.slice(0, 40)).toMatch(/^HTTP\/1\.1 302 /);
    expect(under.response).toMatch(/set-cookie: fr_session=/i);
  }, 60_000);

  it("does not read to its end a chunked body nobody wanted (a cross-site post, refused with 403)", async () => {
    const { response, sent, closedByServer } = await chunkedPost("/login", "username=x&password=y&pad=", 50 * 1024 * 1024, "https://evil.example");
    expect(response.slice(0, 40)).toMatch(/^HTTP\/1\.1 403 /);
    expect(closedByServer).toBe(true);
    expect(sent).toBeLessThan(24 * 1024 * 1024);
  }, 90_000);
});
