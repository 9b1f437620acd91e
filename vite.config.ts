/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { buildNodeEntries } from "./app/cli/build-node.ts";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const isVitest = Boolean(process.env.VITEST);

export default defineConfig({
  plugins: isVitest
    ? []
    : [
        remix({
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
            v3_routeConfig: true,
          },
          // The server's entry and the PDF thread as plain JavaScript in build/node, next to the
          // Remix build they go with (app/cli/build-node.ts; ADR 036).
          buildEnd: () => buildNodeEntries(),
        }),
        {
          // `npm run dev` has no app/serve.ts: the pages' messages assets (app/i18n/messages-asset.ts),
          // which production serves beside the build's assets, come from the same function here.
          name: "frontline-messages-assets",
          apply: "serve",
          configureServer(server) {
            server.middlewares.use((req, res, next) => {
              const name = /^\/assets\/(messages-[\w.-]+\.js)$/.exec(req.url?.split("?")[0] ?? "")?.[1];
              if (!name) return next();
              server
                .ssrLoadModule("/app/i18n/i18n.server.ts")
                .then((i18n) => {
                  const source = (i18n as typeof import("./app/i18n/i18n.server.ts")).messagesAssetSource(name);
                  if (source === undefined) return next();
                  res.setHeader("Content-Type", "text/javascript; charset=utf-8");
                  res.end(source);
                })
                .catch(next);
            });
          },
        },
      ],
  // Under vitest the Remix plugin is left out, and with it the server build it generates;
  // app/i18n/page-messages.server.ts reads that build's route manifest, which
  // tests/support/server-build.ts makes the same way.
  resolve: isVitest ? { alias: { "virtual:remix/server-build": fileURLToPath(new URL("tests/support/server-build.ts", import.meta.url)) } } : {},
  build: {
    // Only the server bundle reads these; keep native modules external.
    target: "es2022",
  },
  ssr: {
    external: ["better-sqlite3"],
  },
  test: {
    include: ["tests/unit/**/*.test.{ts,tsx}", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    environment: "node",
    pool: "forks",
    // Safety nets, not speed checks (speed is measured by `npm run bench:*`): on a shared 2-core
    // machine at load 15, a test that draws PDFs in the pool took over 20 s and failed for that alone.
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
