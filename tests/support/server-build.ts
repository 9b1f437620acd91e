/**
 * What `virtual:remix/server-build` gives the app under vitest (vite.config.ts aliases it
 * here; the Remix plugin, which generates the real one, is left out of tests): the route
 * manifest, made by Remix's own flat-routes function from app/routes/, with each route's
 * module. Only `routes` is provided: app code reads nothing else of the build.
 */
import path from "node:path";
import { UNSAFE_flatRoutes } from "@remix-run/dev";
import type { ServerBuild } from "@remix-run/node";
import * as root from "#app/root.tsx";

const modules = import.meta.glob<ServerBuild["routes"][string]["module"]>("/app/routes/*.{ts,tsx}", { eager: true });

const manifest = UNSAFE_flatRoutes(path.resolve("app"), [], "routes");

export const routes: ServerBuild["routes"] = {
  root: { id: "root", path: "", module: root as never },
  ...Object.fromEntries(
    Object.values(manifest).map((r) => {
      const module = modules[`/app/${r.file}`];
      if (!module) throw new Error(`no module for route ${r.id} (${r.file})`);
      return [r.id, { id: r.id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: r.caseSensitive, module }];
    }),
  ),
};
