/**
 * Which messages a page's components use, by its path: the root loader sends the browser
 * only those, and the root revalidates when a navigation moves to a page needing others.
 * A selector is a whole namespace ("employer") or one group of it ("worker.module"): a
 * worker's phone gets the few messages of the page it is on, not the course's 150.
 */
const WORKER_PAGES: [RegExp, string][] = [
  [/^\/$/, "worker.home"],
  [/^\/learn\/?$/, "worker.learn"],
  [/^\/learn\/[^/]+\/quiz\/?$/, "worker.quiz"],
  [/^\/learn\/[^/]+\/attempts\/[^/]+\/?$/, "worker.result"],
  [/^\/learn\/[^/]+\/[^/]+\/?$/, "worker.module"],
  [/^\/join\/[^/]+\/?$/, "worker.join"],
];

const BY_SECTION: Record<string, string[]> = {
  login: ["auth"],
  logout: ["auth"],
  forgot: ["auth"],
  reset: ["auth"],
  account: ["auth"],
  verify: ["public"],
  certificates: ["public"],
  transparency: ["public"],
  laws: ["public"],
  employer: ["employer", "public"],
  council: ["council", "public"],
  admin: ["admin", "public"],
};

export function messageSelectorsForPath(pathname: string): string[] {
  // A client navigation's data request ("/learn/x.data", "/_root.data") names the same page.
  const page = pathname.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
  const worker = WORKER_PAGES.find(([pattern]) => pattern.test(page));
  if (worker) return ["common", worker[1]];
  return ["common", ...(BY_SECTION[page.split("/")[1] ?? ""] ?? [])];
}

/** Whether `selectors` include the message `ns:key`. */
export function selectorsCover(selectors: string[], ns: string, key: string): boolean {
  return selectors.some((s) => s === ns || (s.startsWith(`${ns}.`) && key.startsWith(`${s.slice(ns.length + 1)}.`)));
}
