import type { AppLoadContext } from "@remix-run/node";
import "./request.server.ts";

/**
 * `html` for the element `id`, as a loader returns it: the HTML itself on a data request, null
 * on a document request, whose render takes it from `context` instead, so that the document
 * does not carry it twice (app/components/document-html.tsx). Tests that call a loader without
 * a context get the HTML.
 */
export function documentHtml(context: AppLoadContext | undefined, id: string, html: string): string | null {
  if (!context?.documentHtml) return html;
  context.documentHtml.set(id, html);
  return null;
}

/**
 * Whether Remix answers the request target `url` (path and query, as sent) with a document,
 * and so whether its loaders get a `documentHtml` map: it answers `*.data` paths (single fetch)
 * and `?_data=` with data.
 */
export function isDocumentRequest(url: string): boolean {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  return !path.endsWith(".data") && (q === -1 || !new URLSearchParams(url.slice(q + 1)).has("_data"));
}
