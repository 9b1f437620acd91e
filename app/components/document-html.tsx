import { createContext, useContext, type HTMLAttributes } from "react";

/**
 * HTML that a page's document carries once instead of twice (ADR 036, addendum of 2026-12-08).
 * A module's text was sent in the document's markup and again, escaped twice, in the page's data
 * (a fifth of a module page's bytes, all of it compressed on every request). On a document
 * request the loader hands such HTML to the server's render through this context
 * (`documentHtml` in app/utils/document-html.server.ts, provided by app/entry.server.tsx) and
 * returns null in its place; the browser reads it back from the element it was rendered into
 * when it hydrates. Data requests (navigation with JavaScript) carry the HTML as before.
 */
export const DocumentHtmlContext = createContext<ReadonlyMap<string, string> | undefined>(undefined);

/**
 * What the browser read back while hydrating, by element id. Only the data a document arrived
 * with holds nulls (every later loader call is a data request), and a document starts a fresh
 * page, so an id here always names an element of that document: kept so that a remount after
 * the element is gone still has its HTML.
 */
const readBack = new Map<string, string>();

/** The HTML for element `id`: `html` when the data carries it, else the server's render context's or the document's. */
export function useDocumentHtml(id: string, html: string | null): string {
  const server = useContext(DocumentHtmlContext);
  if (html !== null) return html;
  const rendered = server?.get(id);
  if (rendered !== undefined) return rendered;
  if (typeof document === "undefined") throw new Error(`No HTML for #${id}: the loader kept it out of the data but the render has no DocumentHtmlContext`);
  let read = readBack.get(id);
  if (read === undefined) {
    read = document.getElementById(id)?.innerHTML ?? "";
    readBack.set(id, read);
  }
  return read;
}

/** A <div id={id}> holding `html` (see useDocumentHtml). */
export function DocumentHtml({ id, html, ...rest }: { id: string; html: string | null } & Omit<HTMLAttributes<HTMLDivElement>, "id" | "dangerouslySetInnerHTML" | "children">) {
  return <div id={id} {...rest} dangerouslySetInnerHTML={{ __html: useDocumentHtml(id, html) }} />;
}
