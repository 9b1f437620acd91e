/**
 * A page render leaves no timer behind (ADR 036). app/entry.server.tsx gives React's render
 * 5 s to finish; the timer must be cleared when it does, or every render (React's state, the
 * chunks, the Request and Response) stays reachable for those 5 s — hundreds of MB under load.
 * The production build's own request handler, in this process, on a fresh database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let handler: (request: Request) => Promise<Response>;
let entry: { initialize(opts: { serving: boolean }): Promise<void>; shutdown(): void };

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-timers-"));
  process.env.DATABASE_PATH = path.join(dir, "timers.db");
  process.env.SEED_DEMO = "1";
  process.env.SESSION_SECRET = "timers-test-secret-timers-test-secret-0123";
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
  entry = build.entry.module as unknown as typeof entry;
  await entry.initialize({ serving: false });
  const { createRequestHandler } = await import("@remix-run/node");
  const handle = createRequestHandler(build, "production");
  handler = (request) => handle(request, { clientAddress: "127.0.0.1", cspNonce: "test-nonce" });
}, 60_000);

afterAll(() => entry?.shutdown());

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("page renders", () => {
  it("leave no pending timer once the page is sent", async () => {
    const render = async (pathname: string, ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120") => {
      // As the server does (app/serve.ts): the request's signal ends when its response has been
      // sent, which clears Remix's own timer for the page's data stream.
      const sent = new AbortController();
      const res = await handler(new Request(`http://localhost${pathname}`, { headers: { "User-Agent": ua, "Accept-Language": "en" }, signal: sent.signal }));
      const html = await res.text();
      sent.abort();
      expect(html).toContain("<html");
      return res;
    };
    await render("/login"); // warm: modules, caches, the content
    await new Promise((r) => setTimeout(r, 50));
    const before = timeouts();
    for (let i = 0; i < 20; i++) await render(i % 2 ? "/login" : "/");
    for (let i = 0; i < 5; i++) await render("/login", "Googlebot/2.1 (+http://www.google.com/bot.html)");
    await new Promise((r) => setTimeout(r, 50));
    // 25 renders: had the 5-second abort timer been left running, 25 more would be pending here.
    expect(timeouts() - before).toBeLessThan(3);
  });
});
