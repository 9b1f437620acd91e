import { describe, expect, it } from "vitest";
import { sectionBodyId, splitSections } from "#app/domain/module-sections.ts";

describe("splitSections", () => {
  it("cuts at each second-level heading, keeping the text before the first", () => {
    const html = "<p>Intro.</p>\n<h2>First <em>part</em></h2>\n<p>One.</p>\n<h3>Sub</h3><p>Still one.</p>\n<h2 id=\"x\">Second</h2>\n<ul><li>Two</li></ul>\n";
    const s = splitSections(html);
    expect(s.map((x) => x.id)).toEqual(["s-0", "s-1", "s-2"]);
    expect(s[0]).toEqual({ id: "s-0", heading: null, title: null, body: "<p>Intro.</p>\n" });
    expect(s[1]!.heading).toBe("First <em>part</em>");
    expect(s[1]!.title).toBe("First part");
    expect(s[1]!.body).toBe("\n<p>One.</p>\n<h3>Sub</h3><p>Still one.</p>\n");
    expect(s[2]).toMatchObject({ heading: "Second", body: "\n<ul><li>Two</li></ul>\n" });
    // Nothing is lost but the headings' tags.
    expect(s.map((x) => (x.heading ?? "") + x.body).join("")).toBe(html.replace(/<h2[^>]*>|<\/h2>/g, ""));
  });

  it("a text without headings is one section; an empty one none", () => {
    expect(splitSections("<p>Only.</p>")).toEqual([{ id: "s-0", heading: null, title: null, body: "<p>Only.</p>" }]);
    expect(splitSections("")).toEqual([]);
  });

  it("starts at s-1 when the text opens with a heading", () => {
    expect(splitSections("<h2>A</h2><p>a</p>").map((x) => x.id)).toEqual(["s-1"]);
  });

  it("names each body's element uniquely: the lead's is the section's own, a headed section's is its id and -body", () => {
    const s = splitSections("<p>Lead.</p><h2>A</h2><p>a</p><h2>B</h2><p>b</p>");
    const ids = s.map(sectionBodyId);
    expect(ids).toEqual(["s-0", "s-1-body", "s-2-body"]);
    expect(new Set([...ids, ...s.map((x) => x.id)]).size).toBe(5);
  });
});
