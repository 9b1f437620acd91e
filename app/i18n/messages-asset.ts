/**
 * The messages a page's components use in the browser come as a build asset, not in the page
 * (ADR 036, addendum "the pages' messages as a build asset"):
 * `/assets/messages-<lang>-<variant>-<selectors>-<hash>.js`,
 * an ES module whose default export is a `MessagesAsset`. Its name changes with its content, so
 * the browser keeps it for good (`immutable`) and a worker's next page, or the same page again,
 * carries none of it. The root loader sends only the asset's address (`messagesHref`). (A browser
 * without JavaScript still fetches it once, as it does the page's scripts, which <head> names the
 * same way: `modulepreload`.)
 *
 * This registry is where the root layout finds the messages for an address:
 * - on the server, the root loader registers the asset it names before the page renders;
 * - in the browser, the root layout suspends until the asset is loaded: while hydrating (the page
 *   the server sent stays as it is; <head> names the asset for an early start), and on a client
 *   navigation to a page that needs another one (a transition: the current page stays on screen).
 */
import type { Bundle, Catalog, Lang } from "./translate.ts";

/** The messages the browser gets for a page, in its language. */
export interface ClientMessages {
  lang: Lang;
  messages: Bundle;
  /** English for what `messages` lacks (the server's fallback, see translate.ts); absent when nothing is. */
  fallback?: Catalog;
}

export interface MessagesAsset extends ClientMessages {
  /** What each route declares (`handle.messages`), by route id: the root's shouldRevalidate reads it. */
  declared: Record<string, readonly string[]>;
}

const assets = new Map<string, MessagesAsset>();
const loading = new Map<string, Promise<void>>();

/** Makes the asset at `href` known here (the server's root loader; the browser's loads). */
export function registerMessages(href: string, asset: MessagesAsset): void {
  assets.set(href, asset);
}

/** Loads the asset at `href` in the browser; the promise rejects if it cannot be loaded. */
function loadMessages(href: string): Promise<void> {
  if (assets.has(href)) return Promise.resolve();
  let pending = loading.get(href);
  if (!pending) {
    pending = (import(/* @vite-ignore */ href) as Promise<{ default: MessagesAsset }>).then(
      (module) => {
        assets.set(href, module.default);
        loading.delete(href);
      },
      (error: unknown) => {
        loading.delete(href);
        throw error;
      },
    );
    loading.set(href, pending);
  }
  return pending;
}

let hydrated = false;

/** Called by the root layout once the page is hydrated: from then on, renders are navigations. */
export function markHydrated(): void {
  hydrated = true;
}

/**
 * The asset at `href` for the root layout's render. Known: returned. In the browser, not yet
 * known: the render suspends until it is loaded. If it cannot be, a page being hydrated is left
 * as the server sent it (it works without JavaScript), and on a navigation the browser loads
 * `url` as a whole page instead, as Remix does when a route's module fails to load. On the
 * server an unregistered address is a bug of the root loader: undefined, and the page shows
 * message keys.
 */
export function messagesFor(href: string | undefined, url: string): MessagesAsset | undefined {
  if (!href) return undefined;
  const asset = assets.get(href);
  if (asset || typeof document === "undefined") return asset;
  throw loadMessages(href).catch((error: unknown) => {
    if (hydrated) window.location.assign(url);
    else console.error("The page's messages did not load: it stays as the server sent it.", error);
    return new Promise<never>(() => {});
  });
}
