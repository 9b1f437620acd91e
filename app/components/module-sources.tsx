import type { Source } from "#app/domain/content-schema.ts";
import { KeepTogether } from "./keep-together.tsx";
import { SourceLink } from "./source-link.tsx";

/** The id of the element holding a module page's list of sources (app/server/module-html.server.tsx). */
export const MODULE_SOURCES_ID = "module-sources";

/** A module's sources as its page lists them: each title (dates and numbers kept whole) and its publisher, in English. */
export function ModuleSourceList({ sources }: { sources: readonly Pick<Source, "title" | "publisher" | "url">[] }) {
  return (
    <ul>
      {sources.map((s) => (
        <li key={s.url}>
          <SourceLink url={s.url}>
            <KeepTogether text={s.title} />
          </SourceLink>{" "}
          — <span lang="en">{s.publisher}</span>
        </li>
      ))}
    </ul>
  );
}
