/**
 * The patch of @remix-run/router (patches/@remix-run+router+1.23.3.patch, applied by
 * `postinstall` → patch-package; ADR 036): `matchRoutes` flattens and ranks a routes array
 * once and compiles each route path once, in both copies the app loads — the CommonJS file
 * the server requires (server-runtime, react-router-dom/server, react-router under Node) and
 * the ES module Vite bundles for the browser — while matching exactly as before. The server copy
 * also keeps the matches of up to 100 pathnames a routes array (a page matches its own path
 * seven times on the server) and hands every caller a copy.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as esmFile from "@remix-run/router/dist/router.js";
import { countNew } from "#tests/support/count-new.ts";

// dist/router.d.ts types only part of the file; the package's index types all of it.
type Router = typeof import("@remix-run/router");
const esm = esmFile as unknown as Router;
const require = createRequire(import.meta.url);
const cjs = require("@remix-run/router") as Router;

/** A routes tree whose root reports how many times it was flattened (flattenRoutes is the
 * only reader of `caseSensitive` during matching; matching reads the flattened copy). */
function countedRoutes() {
  const counter = { flattened: 0 };
  const root = {
    id: "root",
    path: "/",
    get caseSensitive() {
      counter.flattened += 1;
      return false;
    },
    children: [
      { id: "home", index: true },
      { id: "module", path: "modules/:slug" },
      { id: "quiz", path: "modules/:slug/quiz" },
      { id: "optional", path: "lang/:lang?/about" },
      { id: "splat", path: "files/*" },
      { id: "Case", path: "Case", caseSensitive: true },
    ],
  };
  return { routes: [root], counter };
}

/** Counts `new RegExp` while `fn` runs (compilePath is where matching builds its regexes). */
function countRegExps(fn: () => void): number {
  return countNew(globalThis, "RegExp", fn);
}

function ids(router: Router, routes: Parameters<Router["matchRoutes"]>[0], path: string) {
  return router.matchRoutes(routes, path)?.map((m) => [m.route.id, m.params]) ?? null;
}

describe.each([
  ["server (CommonJS, router.cjs.js)", cjs],
  ["client (ES module, router.js)", esm],
])("patched @remix-run/router: %s", (_name, router) => {
  it("flattens and ranks a routes array once, however often it is matched", () => {
    const { routes, counter } = countedRoutes();
    for (let i = 0; i < 6; i++) router.matchRoutes(routes, "/modules/one");
    router.matchRoutes(routes, "/files/a/b");
    expect(counter.flattened).toBe(1);
    // A new array (a new build) is flattened again.
    router.matchRoutes([...routes], "/modules/one");
    expect(counter.flattened).toBe(2);
  });

  it("compiles each route path once", () => {
    // Paths no other test uses: the cache of compiled paths is per module, not per array.
    const routes = [{ id: "fresh", path: "/fresh-paths", children: [{ id: "item", path: "item/:n" }] }];
    const first = countRegExps(() => router.matchRoutes(routes, "/fresh-paths/item/1"));
    const again = countRegExps(() => {
      router.matchRoutes([...routes], "/fresh-paths/item/2");
      // What the branch above compiled for its leaf: (relative path, not case sensitive, end).
      router.matchPath("item/:n", "/item/3");
    });
    expect(first).toBeGreaterThan(0);
    expect(again).toBe(0);
  });

  it("matches as before: params, ranking, optional segments, splats, case", () => {
    const { routes } = countedRoutes();
    for (let round = 0; round < 2; round++) {
      expect(ids(router, routes, "/")).toEqual([["root", {}], ["home", {}]]);
      expect(ids(router, routes, "/modules/fire-safety")).toEqual([
        ["root", { slug: "fire-safety" }],
        ["module", { slug: "fire-safety" }],
      ]);
      expect(ids(router, routes, "/modules/x/quiz/")).toEqual([
        ["root", { slug: "x" }],
        ["quiz", { slug: "x" }],
      ]);
      expect(ids(router, routes, "/lang/about")?.[1]).toEqual(["optional", { lang: undefined }]);
      expect(ids(router, routes, "/lang/es/about")?.[1]).toEqual(["optional", { lang: "es" }]);
      expect(ids(router, routes, "/files/a/b%20c")?.[1]).toEqual(["splat", { "*": "a/b c" }]);
      expect(ids(router, routes, "/Case")?.[1]?.[0]).toBe("Case");
      expect(ids(router, routes, "/case")).toBeNull();
      expect(ids(router, routes, "/nowhere")).toBeNull();
      expect(router.matchPath({ path: "/MODULES/:slug", caseSensitive: false, end: false }, "/modules/a/b")?.params).toEqual({ slug: "a" });
      expect(router.matchPath({ path: "/MODULES/:slug", caseSensitive: true, end: false }, "/modules/a/b")).toBeNull();
    }
  });

  it("sees routes patched in by lazy route discovery (patchRoutes invalidates the cache)", () => {
    const r = router.createRouter({
      routes: [{ id: "root", path: "/", children: [{ id: "a", path: "a" }] }],
      history: router.createMemoryHistory(),
    });
    const routes = r.routes;
    expect(router.matchRoutes(routes, "/b")).toBeNull();
    r.patchRoutes("root", [{ id: "b", path: "b" }]);
    expect(router.matchRoutes(routes, "/b")?.map((m) => m.route.id)).toEqual(["root", "b"]);
    r.dispose();
  });
});

/** Counts regex matches of a string (String#match → RegExp#[Symbol.match]: matchPath's test). */
function countMatches(fn: () => void): number {
  const original = RegExp.prototype[Symbol.match];
  let count = 0;
  RegExp.prototype[Symbol.match] = function (this: RegExp, s: string) {
    count += 1;
    return original.call(this, s);
  };
  try {
    fn();
  } finally {
    RegExp.prototype[Symbol.match] = original;
  }
  return count;
}

// The server copy only (the browser matches a path now and then; its bundle stays as it was).
describe("patched @remix-run/router, server copy: the matches of a pathname are kept", () => {
  it("matches a pathname against the branches once; every caller gets its own copy", () => {
    const { routes } = countedRoutes();
    const first = cjs.matchRoutes(routes, "/modules/kept");
    expect(countMatches(() => cjs.matchRoutes(routes, "/modules/kept"))).toBe(0);
    expect(countMatches(() => cjs.matchRoutes(routes, "/nowhere-kept"))).toBeGreaterThan(0);
    expect(countMatches(() => cjs.matchRoutes(routes, "/nowhere-kept"))).toBe(0);
    const again = cjs.matchRoutes(routes, "/modules/kept")!;
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(again[0]).not.toBe(first![0]);
    expect(again[0]!.route).toBe(first![0]!.route);
    // One params object for a branch's matches, as matchRouteBranch makes it; a caller that
    // changes its copy changes no one else's.
    expect(again[0]!.params).toBe(again[1]!.params);
    (again[1]!.params as Record<string, string | undefined>).slug = "changed";
    again.pop();
    expect(ids(cjs, routes, "/modules/kept")).toEqual([
      ["root", { slug: "kept" }],
      ["module", { slug: "kept" }],
    ]);
    expect(cjs.matchRoutes(routes, "/nowhere-kept")).toBeNull();
  });

  it("keeps at most 100 pathnames a routes array, and forgets them when routes are patched in", () => {
    const { routes } = countedRoutes();
    cjs.matchRoutes(routes, "/modules/0");
    for (let i = 1; i <= 100; i++) cjs.matchRoutes(routes, `/modules/${i}`);
    expect(countMatches(() => cjs.matchRoutes(routes, "/modules/0"))).toBeGreaterThan(0);
    const r = cjs.createRouter({ routes: [{ id: "root", path: "/", children: [{ id: "a", path: "a" }] }], history: cjs.createMemoryHistory() });
    expect(cjs.matchRoutes(r.routes, "/b")).toBeNull();
    r.patchRoutes("root", [{ id: "b", path: "b" }]);
    expect(cjs.matchRoutes(r.routes, "/b")?.map((m) => m.route.id)).toEqual(["root", "b"]);
    r.dispose();
  });
});
