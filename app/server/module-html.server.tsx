import { renderToStaticMarkup } from "react-dom/server";
import { ModuleSourceList } from "#app/components/module-sources.tsx";
import type { Course, CourseModule } from "#app/domain/content-schema.ts";

const sourcesHtml = new WeakMap<CourseModule, string>();

/**
 * The HTML of `module`'s list of sources (ModuleSourceList), rendered once per module and
 * language: course content does not change while the server runs, and a module in each language
 * is one object (the content's, or its translation's). The page sends it as document HTML
 * (app/components/document-html.tsx): in its markup once, not again in its data (ADR 036).
 */
export function moduleSourcesHtml(course: Pick<Course, "sources">, module: CourseModule): string {
  let html = sourcesHtml.get(module);
  if (html === undefined) {
    const byId = new Map(course.sources.map((s) => [s.id, s]));
    html = renderToStaticMarkup(<ModuleSourceList sources={module.sources.map((id) => byId.get(id)!)} />);
    sourcesHtml.set(module, html);
  }
  return html;
}
