import type { ReactNode } from "react";

/**
 * A table's box: it scrolls sideways on its own on a phone rather than widening the page (ADR
 * 030). A box that may scroll must be reachable by keyboard and named (axe:
 * scrollable-region-focusable), so every table goes through this one component.
 */
export function TableWrap({ label, keepWords = false, children }: { label: string; keepWords?: boolean; children: ReactNode }) {
  return (
    <div className={keepWords ? "table-wrap keep-words" : "table-wrap"} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
