/**
 * The body limit, against the production server, on a server of its own: a refused or unread
 * body leaves its connection unusable, which would disturb other tests sharing the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "#tests/support/server.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

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
});

