/**
 * A module's text cut at its second-level headings, so the page can say where the reader is
 * ("Section 2 of 5"), list the sections at the top and read them aloud one by one. Pure; the
 * HTML is the course's own (rendered from its Markdown with raw HTML off).
 */
export interface ModuleSection {
  /** "s-1", "s-2", …: the section's anchor on the page. */
  id: string;
  /** The heading's inner HTML, or null for the text before the first heading. */
  heading: string | null;
  /** The heading's text, for the outline (tags removed, entities kept as written). */
  title: string | null;
  /** The section's HTML after its heading. */
  body: string;
}

const H2 = /<h2(?:\s[^>]*)?>([\s\S]*?)<\/h2>/gi;

export function splitSections(html: string): ModuleSection[] {
  const sections: ModuleSection[] = [];
  const heads = [...html.matchAll(H2)];
  const lead = heads.length > 0 ? html.slice(0, heads[0]!.index) : html;
  if (lead.trim() !== "") sections.push({ id: "s-0", heading: null, title: null, body: lead });
  heads.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < heads.length ? heads[i + 1]!.index! : html.length;
    const inner = m[1]!.trim();
    sections.push({ id: `s-${i + 1}`, heading: inner, title: inner.replace(/<[^>]*>/g, "").trim(), body: html.slice(start, end) });
  });
  return sections;
}

/** The id of the element holding a section's body: the section's own for the text before the first heading. */
export function sectionBodyId(section: Pick<ModuleSection, "id" | "heading">): string {
  return section.heading === null ? section.id : `${section.id}-body`;
}
