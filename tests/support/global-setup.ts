/**
 * Tests that talk HTTP to the production server (tests/integration/http-*.test.ts) need
 * the production build. `npm test` builds first; when vitest runs alone, this builds if
 * the build is missing or older than a file under app/.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup() {
  const server = path.resolve("build/server/index.js");
  const stale = !fs.existsSync(server) || fs.statSync(server).mtimeMs < newestMtime(path.resolve("app"));
  if (!stale) return;
  console.log("[tests] building the app for the HTTP tests (npx remix vite:build)…");
  // Without vitest's variables (vite.config.ts leaves the Remix plugin out under VITEST),
  // and as production, like `npm run build` (vitest sets NODE_ENV=test).
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST"))), NODE_ENV: "production" as const };
  const r = spawnSync("npx", ["remix", "vite:build"], { stdio: "inherit", env });
  if (r.status !== 0) throw new Error("The production build failed; the HTTP tests need it.");
}
