const colours = {
  grey: "govuk-tag--grey",
  blue: "govuk-tag--blue",
  green: "govuk-tag--green",
  yellow: "govuk-tag--yellow",
  red: "govuk-tag--red",
  purple: "govuk-tag--purple",
} as const;

export function Tag({ children, colour }: { children: React.ReactNode; colour?: keyof typeof colours }) {
  return <strong className={`govuk-tag${colour ? ` ${colours[colour]}` : ""}`}>{children}</strong>;
}

export const waveStatusLabel: Record<string, { text: string; colour: keyof typeof colours }> = {
  draft: { text: "Draft", colour: "grey" },
  open: { text: "Open", colour: "green" },
  closed: { text: "Closed", colour: "yellow" },
  published: { text: "Published", colour: "blue" },
};

/** A wave's status as a coloured tag: Draft, Open, Closed or Published. */
export function WaveStatusTag({ status }: { status: string }) {
  const label = waveStatusLabel[status] ?? { text: status, colour: "grey" as const };
  return <Tag colour={label.colour}>{label.text}</Tag>;
}
