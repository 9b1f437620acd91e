/**
 * Which messages a page's components use is declared by its route modules:
 *
 *     export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;
 *
 * A selector is a whole namespace ("employer") or one group of it ("worker.module"): a
 * worker's phone gets the few messages of the page it is on, not the course's 150. A page
 * gets what its matched routes declare (the root declares "common"). The root loader sends
 * the browser those messages only, and the root revalidates when a navigation reaches a page
 * whose routes declare others. Both sides match a URL with Remix's own matcher over Remix's
 * route manifest (the server build's on the server, the browser's on the client).
 */
import { matchRoutes } from "@remix-run/react";

type RouteObject = Parameters<typeof matchRoutes>[0][number];

export interface MessagesHandle {
  messages: readonly string[];
}

/** A route as Remix's manifests describe it (server build and browser alike). */
export interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}

/** What a route module's `handle` declares, or undefined when it declares nothing. */
export function declaredMessages(handle: unknown): readonly string[] | undefined {
  const messages = (handle as Partial<MessagesHandle> | null | undefined)?.messages;
  return Array.isArray(messages) && messages.every((m) => typeof m === "string") ? messages : undefined;
}

function tree(routes: Record<string, ManifestRoute | undefined>, parentId?: string): RouteObject[] {
  return Object.values(routes)
    .filter((r): r is ManifestRoute => r !== undefined && r.parentId === parentId)
    .map((r): RouteObject => (r.index ? { id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive } : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: tree(routes, r.id) }));
}

const trees = new WeakMap<object, { size: number; routes: RouteObject[] }>();

/**
 * The ids of the routes a path matches, outermost first (a client navigation's data URL,
 * "/x.data" or "/_root.data", names the page "/x" or "/"); only the root when nothing else
 * matches. A manifest the browser patches as it discovers routes is read afresh.
 */
export function matchedRouteIds(routes: Record<string, ManifestRoute | undefined>, pathname: string): string[] {
  const page = pathname.replace(/^\/_root\.data$/, "/").replace(/\.data$/, "");
  const size = Object.keys(routes).length;
  let cached = trees.get(routes);
  if (!cached || cached.size !== size) trees.set(routes, (cached = { size, routes: tree(routes) }));
  const matches = matchRoutes(cached.routes, page);
  return (matches ? matches.map((m) => m.route) : cached.routes).map((r) => r.id ?? "");
}

/**
 * The selectors the routes `ids` declare together, sorted; a namespace sent whole makes its
 * groups redundant ("worker" covers "worker.module").
 */
export function selectorsFor(declared: Record<string, readonly string[] | undefined>, ids: readonly string[]): string[] {
  const all = new Set(ids.flatMap((id) => declared[id] ?? []));
  return [...all].filter((s) => !(s.includes(".") && all.has(s.slice(0, s.indexOf("."))))).sort();
}

/** Whether `selectors` include the message `ns:key`. */
export function selectorsCover(selectors: readonly string[], ns: string, key: string): boolean {
  return selectors.some((s) => s === ns || (s.startsWith(`${ns}.`) && key.startsWith(`${s.slice(ns.length + 1)}.`)));
}

/**
 * Whether the page at `nextPathname` needs messages other than the `sent` ones: the root's
 * shouldRevalidate, in the browser, over its route manifest. When the manifest does not
 * know the next page's route, it says yes (the root loads again).
 */
export function messagesNeedReload(
  routes: Record<string, ManifestRoute | undefined>,
  declared: Record<string, readonly string[] | undefined>,
  sent: readonly string[],
  nextPathname: string,
): boolean {
  const ids = matchedRouteIds(routes, nextPathname);
  if (ids.length === 1 && nextPathname !== "/") return true;
  return selectorsFor(declared, ids).join() !== [...sent].join();
}
