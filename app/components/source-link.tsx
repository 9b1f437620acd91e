import type { ReactNode } from "react";

/**
 * A link to a source. Sources are English publications: marked so (`lang`, `hrefLang`), screen
 * readers pronounce them right on a Spanish page; opened without handing them this page.
 */
export function SourceLink({ url, children }: { url: string; children: ReactNode }) {
  return (
    <a href={url} rel="noopener noreferrer" lang="en" hrefLang="en">
      {children}
    </a>
  );
}
