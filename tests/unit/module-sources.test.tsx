/**
 * A module page's list of sources, rendered once per module and language on the server
 * (app/server/module-html.server.tsx) and sent as document HTML (ADR 036).
 */
import { describe, expect, it } from "vitest";
import { loadContent } from "#app/server/content.server.ts";
import { moduleSourcesHtml } from "#app/server/module-html.server.tsx";
import { REAL } from "#tests/support/content-copy.ts";
import { visibleText } from "#tests/support/server.ts";

describe("a module's list of sources", () => {
  const content = loadContent(REAL);
  const english = content.courses.get("recognize-and-respond")!;
  const spanish = content.translations.get("recognize-and-respond:es")!;

  it("lists every source of the module, in its order, as English links with their publishers", () => {
    for (const module of english.modules) {
      const html = moduleSourcesHtml(english, module);
      const links = [...html.matchAll(/<li><a href="([^"]+)" rel="noopener noreferrer" lang="en" hrefLang="en">/g)].map((m) => m[1]);
      const expected = module.sources.map((id) => english.sources.find((s) => s.id === id)!);
      expect(links.map((l) => visibleText(l!)), module.id).toEqual(expected.map((s) => s.url));
      const publishers = [...html.matchAll(/<\/a> — <span lang="en">([^<]*)<\/span><\/li>/g)].map((m) => visibleText(m[1]!));
      expect(publishers, module.id).toEqual(expected.map((s) => s.publisher));
      expect(html.startsWith("<ul>") && html.endsWith("</ul>")).toBe(true);
    }
  });

  it("keeps dates and statute numbers whole, as the page's other text does", () => {
    const html = english.modules.map((m) => moduleSourcesHtml(english, m)).join("");
    expect(html).toMatch(/<span class="nowrap">[^<]*\d-\d[^<]*<\/span>/);
  });

  it("is rendered once per module and language: the Spanish module is a module of its own", () => {
    const module = english.modules[0]!;
    const first = moduleSourcesHtml(english, module);
    expect(moduleSourcesHtml(english, module)).toBe(first);
    const es = spanish.modules.find((m) => m.id === module.id)!;
    expect(es).not.toBe(module);
    // The same sources (English publications, listed so on a Spanish page too).
    expect(moduleSourcesHtml(spanish, es)).toBe(first);
  });
});
