/** A suppressed cell: "[c]", with the reason for screen readers (the visible hint sits beside each table). */
export function Suppressed({ k }: { k: number }) {
  return (
    <span className="lt-suppressed">
      [c]<span className="govuk-visually-hidden"> (withheld: fewer than {k} councils)</span>
    </span>
  );
}

export function SuppressionHint({ k }: { k: number }) {
  return (
    <p className="govuk-hint">
      [c] means withheld: the group has fewer than {k} responses, an answer was given by fewer than {k} councils, or comparing the figure with others shown
      would single out fewer than {k} councils. So no council’s answers can be worked out.
    </p>
  );
}
