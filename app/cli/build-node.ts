/**
 * The server's own entries, compiled to plain JavaScript (ADR 036, "No TypeScript loader in
 * production"): `app/serve.ts` → `build/node/serve.js` (what `npm run serve` runs) and the PDF
 * thread `app/pdf/worker.server.ts` → `build/node/pdf-worker.js` (what app/pdf/pool.server.ts
 * starts when it runs from the build). Without this, production ran TypeScript through tsx's
 * loader, which keeps a module-hooks thread (a second V8 isolate) alive in the serving process
 * and registers again in every PDF thread: ~30 MB resident for nothing.
 *
 * Run by the Remix build when it ends (`buildEnd` in vite.config.ts), so `npm run build` and
 * `remix vite:build` always leave both builds side by side; `npx tsx app/cli/build-node.ts`
 * runs it alone. Dependencies stay external (node_modules at run time, as for the Remix build);
 * the project's own modules (`#app/...`) are bundled.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "vite";

export const NODE_BUILD_DIR = "build/node";

export async function buildNodeEntries(root = process.cwd()): Promise<void> {
  await build({
    configFile: false,
    root,
    logLevel: "warn",
    publicDir: false,
    build: {
      ssr: true,
      outDir: NODE_BUILD_DIR,
      emptyOutDir: true,
      target: "node20",
      minify: false,
      sourcemap: false,
      rollupOptions: {
        input: {
          serve: path.join(root, "app/serve.ts"),
          "pdf-worker": path.join(root, "app/pdf/worker.server.ts"),
        },
        output: { format: "esm", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
      },
    },
    ssr: { external: ["better-sqlite3"] },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await buildNodeEntries();
  console.log(`Built ${NODE_BUILD_DIR}/serve.js and ${NODE_BUILD_DIR}/pdf-worker.js.`);
}
