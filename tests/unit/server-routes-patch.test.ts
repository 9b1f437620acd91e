/**
 * The patches of @remix-run/react (patches/@remix-run+react+2.17.5.patch) and react-router-dom
 * (patches/react-router-dom+6.30.4.patch), applied by `postinstall` → patch-package (ADR 036):
 * the server render builds a build's routes once — `RemixServer` its server routes per
 * `manifest.routes`, `createStaticRouter` its data routes per routes array — so every render
 * hands `matchRoutes` the same array, whose ranked branches the router patch keeps
 * (tests/unit/router-patch.test.ts). Without them each render made new arrays of all routes
 * and ranked them again (the one `matchRoutes` call in seven that missed the cache).
 */
import { createRequire } from "node:module";
import { isValidElement, type ReactElement, type ReactNode } from "react";
import { describe, expect, it } from "vitest";

type RemixServerFn = (props: { context: unknown; url: string }) => ReactElement;
type StaticRouter = { routes: { id: string; children?: { id: string }[] }[]; state: { matches: { route: unknown }[] } };
type CreateStaticRouter = (routes: unknown[], context: unknown) => StaticRouter;

const require = createRequire(import.meta.url);
const cjsReact = require("@remix-run/react/dist/server.js") as { RemixServer: RemixServerFn };
const cjsStatic = require("react-router-dom/server") as { createStaticRouter: CreateStaticRouter };
// The ES module copies (untyped files; imported by a name the type checker does not resolve).
const esmFiles = ["@remix-run/react/dist/esm/server.js", "react-router-dom/server.mjs"];
const esmReact = (await import(esmFiles[0]!)) as { RemixServer: RemixServerFn };
const esmStatic = (await import(esmFiles[1]!)) as { createStaticRouter: CreateStaticRouter };

function handlerContext(matchedRoute: { id: string }) {
  return {
    basename: "/",
    location: { pathname: "/learn", search: "", hash: "", state: null, key: "default" },
    matches: [{ params: {}, pathname: "/learn", pathnameBase: "/learn", route: matchedRoute }],
    loaderData: {},
    actionData: null,
    errors: null,
    statusCode: 200,
    loaderHeaders: {},
    actionHeaders: {},
    activeDeferreds: null,
  };
}

/** A build as server-runtime hands it to the entry: the manifest of the build (one object), the
 * route modules in a new object per request holding the same modules. */
function build() {
  const modules = {
    root: { default: () => null },
    "routes/learn": { default: () => null, handle: { messages: ["worker"] } },
  };
  const manifest = {
    routes: {
      root: { id: "root", path: "", hasLoader: true, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: "/root.js" },
      "routes/learn": { id: "routes/learn", parentId: "root", path: "learn", hasLoader: true, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: "/learn.js" },
    },
    entry: { module: "/entry.js", imports: [] },
    url: "/manifest.js",
    version: "1",
  };
  const future = { v3_singleFetch: false, v3_lazyRouteDiscovery: true, v3_relativeSplatPath: true };
  return { modules, manifest, future };
}

function entryContext(b: ReturnType<typeof build>, routeModules: Record<string, unknown> = { ...b.modules }) {
  return {
    manifest: b.manifest,
    routeModules,
    staticHandlerContext: handlerContext({ id: "routes/learn" }),
    serverHandoffString: "{}",
    future: b.future,
    isSpaMode: false,
  };
}

/** The static router RemixServer renders with (the `router` prop of StaticRouterProvider). */
function routerOf(node: ReactNode): StaticRouter {
  if (!isValidElement(node)) throw new Error("no router in the tree");
  const props = node.props as { router?: StaticRouter; children?: ReactNode };
  if (props.router) return props.router;
  for (const child of ([] as ReactNode[]).concat(props.children ?? [])) {
    try {
      return routerOf(child);
    } catch {
      // look in the next child
    }
  }
  throw new Error("no router in the tree");
}

describe.each([
  ["server (CommonJS)", cjsReact, cjsStatic],
  ["ES module", esmReact, esmStatic],
])("patched server render routes: %s", (_name, react, staticServer) => {
  it("RemixServer renders every request of a build with the same routes", () => {
    const b = build();
    const first = routerOf(react.RemixServer({ context: entryContext(b), url: "http://x.test/learn" }));
    const second = routerOf(react.RemixServer({ context: entryContext(b), url: "http://x.test/learn" }));
    expect(second.routes).toBe(first.routes);
    expect(first.routes.map((r) => r.id)).toEqual(["root"]);
    expect(first.routes[0]!.children?.map((r) => r.id)).toEqual(["routes/learn"]);
    // The matches it renders point at those routes.
    expect(second.state.matches[0]!.route).toBe(first.routes[0]!.children![0]);
  });

  it("builds them again for other route modules or another build", () => {
    const b = build();
    const first = routerOf(react.RemixServer({ context: entryContext(b), url: "http://x.test/learn" }));
    const changed = { ...b.modules, "routes/learn": { default: () => null } };
    const other = routerOf(react.RemixServer({ context: entryContext(b, changed), url: "http://x.test/learn" }));
    expect(other.routes).not.toBe(first.routes);
    const rebuilt = routerOf(react.RemixServer({ context: entryContext(build()), url: "http://x.test/learn" }));
    expect(rebuilt.routes).not.toBe(first.routes);
  });

  it("createStaticRouter makes a routes array's data routes once, and its matches use them", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "learn", path: "learn" }] }];
    const a = staticServer.createStaticRouter(routes, handlerContext(routes[0]!.children[0]!));
    const b = staticServer.createStaticRouter(routes, handlerContext(routes[0]!.children[0]!));
    expect(b.routes).toBe(a.routes);
    expect(b.state.matches[0]!.route).toBe(a.routes[0]!.children![0]);
    const c = staticServer.createStaticRouter([...routes], handlerContext(routes[0]!.children[0]!));
    expect(c.routes).not.toBe(a.routes);
  });
});
