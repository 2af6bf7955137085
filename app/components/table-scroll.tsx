import type { ReactNode } from "react";

/**
 * A table that may be wider than a phone's screen scrolls sideways inside this box instead of
 * widening the page (WCAG 2.2 1.4.10 Reflow, decision 050). The box is a named region people can
 * reach with the keyboard and scroll with the arrow keys (axe: scrollable-region-focusable).
 * `label` names the region: usually the table's caption.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="app-table-container" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
