/**
 * The server's side of page-messages.ts: the route manifest of the server build Remix is
 * running (its `routes`, with each route module and so its `handle`). Under vitest, which
 * runs without the Remix plugin, vite.config.ts points the virtual module at
 * tests/support/server-build.ts, the same manifest made with Remix's flat-routes function.
 */
import { routes } from "virtual:remix/server-build";
import { declaredMessages, matchedRouteIds, selectorsFor } from "./page-messages.ts";

let table: Record<string, readonly string[]> | undefined;

/** What each route declares (`handle.messages`), by route id: the browser gets it to decide when to load the root again. */
export function declaredMessagesByRoute(): Record<string, readonly string[]> {
  table ??= Object.fromEntries(
    Object.values(routes).flatMap((r) => {
      const declared = r ? declaredMessages(r.module.handle) : undefined;
      return r && declared ? [[r.id, declared] as const] : [];
    }),
  );
  return table;
}

/** The selectors of the page at `pathname`: what its matched routes declare. */
export function messageSelectorsForPath(pathname: string): string[] {
  return selectorsFor(declaredMessagesByRoute(), matchedRouteIds(routes, pathname));
}

let pageSelectorSets: Set<string> | undefined;

/**
 * Every set of selectors a page can have (`selectors.join()`): what each route declares with
 * the routes around it, outermost first, and the root's alone (an address no route matches).
 * The messages assets are made for these and no others.
 */
export function possibleSelectorSets(): ReadonlySet<string> {
  if (!pageSelectorSets) {
    const declared = declaredMessagesByRoute();
    const chain = (id: string): string[] => {
      const parentId = routes[id]?.parentId;
      return parentId ? [...chain(parentId), id] : [id];
    };
    pageSelectorSets = new Set(Object.keys(routes).map((id) => selectorsFor(declared, chain(id)).join()));
  }
  return pageSelectorSets;
}
