/**
 * A module's text and its list of sources are in its page once (app/components/document-html.tsx,
 * ADR 036): the document carries them as markup and not again in the page's data; a data request (navigation with
 * JavaScript) carries it as data, the same HTML. Through the production server, both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "#tests/support/server.ts";
import { isDocumentRequest } from "#app/utils/document-html.server.ts";
import { MODULE_SOURCES_ID } from "#app/components/module-sources.tsx";

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startServer();
  cookie = await server.signIn("demo-worker");
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const MODULE = "/learn/recognize-and-respond/what-is-trafficking";

/** The strings of a turbo-stream payload's first line (Remix's encoding of loader data). */
function dataStrings(turbo: string): string[] {
  return (JSON.parse(turbo.split("\n")[0]!) as unknown[]).filter((v): v is string => typeof v === "string");
}

/** The strings of the data a document carries in its inline `streamController.enqueue(…)` scripts. */
function documentDataStrings(html: string): string[] {
  const calls = [...html.matchAll(/streamController\.enqueue\(("(?:[^"\\]|\\.)*")\);/g)];
  expect(calls.length).toBeGreaterThan(0);
  return dataStrings(calls.map((m) => JSON.parse(m[1]!) as string).join(""));
}

describe("the module page's text", () => {
  for (const lang of ["en", "es"] as const) {
    it(`is in the document as markup only, and in a data request as data, the same HTML (${lang})`, async () => {
      const headers = { "Accept-Language": lang };
      const doc = await server.request(MODULE, { cookie, headers });
      expect(doc.status).toBe(200);
      const html = await doc.text();
      const data = await server.request(`${MODULE}.data`, { cookie, headers });
      expect(data.status).toBe(200);
      const sent = dataStrings(await data.text());
      // Every section body's element, and the HTML inside it, is one of the data request's strings.
      const opens = [...html.matchAll(/<div id="(s-\d+(?:-body)?)"(?: data-read-aloud="")?>/g)];
      expect(opens.map((m) => m[1])).toEqual(expect.arrayContaining(["s-1-body", "s-2-body"]));
      const bodies = opens.map((m) => {
        const rest = html.slice(m.index! + m[0].length);
        const found = sent.filter((s) => s.length > 40 && rest.startsWith(`${s}</div>`));
        expect(found, m[1]).toHaveLength(1);
        return found[0]!;
      });
      expect(bodies.join("")).toContain(lang === "en" ? "Human trafficking is a crime" : "La trata de personas es un delito");
      // The list of sources likewise: a data request's string, the element's HTML.
      const sourcesAt = html.indexOf(`<div id="${MODULE_SOURCES_ID}">`);
      expect(sourcesAt).toBeGreaterThan(0);
      const afterSources = html.slice(sourcesAt + `<div id="${MODULE_SOURCES_ID}">`.length);
      const sources = sent.filter((s) => s.startsWith("<ul>") && afterSources.startsWith(`${s}</div>`));
      expect(sources).toHaveLength(1);
      expect(sources[0]).toContain('lang="en" hrefLang="en"');
      expect(sources[0]).toContain("https://www.law.cornell.edu/uscode/text/22/7102");
      // None of it is in the document's own data; its other texts are (the title).
      const inDocument = documentDataStrings(html);
      for (const body of [...bodies, sources[0]!]) expect(inDocument).not.toContain(body);
      expect(inDocument.some((s) => s.includes("cornell.edu"))).toBe(false);
      expect(inDocument.some((s) => s.length > 40 && html.includes(`${s}</div>`))).toBe(false);
      const title = /<h1>([^<]+)<\/h1>/.exec(html)![1]!;
      expect(inDocument).toContain(title);
      expect(sent).toContain(title);
    });
  }

  it("a request Remix answers with data is never taken for a document", () => {
    expect(isDocumentRequest(MODULE)).toBe(true);
    expect(isDocumentRequest(`${MODULE}?lang=es`)).toBe(true);
    expect(isDocumentRequest(`${MODULE}.data`)).toBe(false);
    expect(isDocumentRequest(`${MODULE}.data?_routes=root`)).toBe(false);
    expect(isDocumentRequest("/_root.data")).toBe(false);
    expect(isDocumentRequest(`${MODULE}?_data=root`)).toBe(false);
    expect(isDocumentRequest(`${MODULE}?x=1&_data`)).toBe(false);
  });
});
