// What the survey pages render, as plain data from the loaders: the client bundle carries no
// instrument code. Built by app/services/survey.server.ts, drawn by app/components.

/** A section's state on the task list. */
export type SectionStatus = "not-started" | "in-progress" | "check" | "completed";

/** A question as a section page renders it. */
export interface QuestionView {
  id: string;
  scale: "L5" | "M5" | "T11" | "choice" | "multi" | "percent" | "integer" | "text";
  text: string;
  hint: string | null;
  required: boolean;
  options: { code: string; label: string }[];
  maxChoices: number | null;
  maxLength: number | null;
  showWhen: { itemId: string; equals: string } | null;
}
