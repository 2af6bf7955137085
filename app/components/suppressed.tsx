/** A suppressed cell: "[c]", with the reason for screen readers (the visible hint sits beside each table). */
export function Suppressed({ k }: { k: number }) {
  return (
    <span className="lt-suppressed">
      [c]<span className="govuk-visually-hidden"> (fewer than {k} responses)</span>
    </span>
  );
}

export function SuppressionHint({ k }: { k: number }) {
  return (
    <p className="govuk-hint">[c] means fewer than {k} responses: figures for such small groups are not shown, so no council’s answers can be worked out.</p>
  );
}
