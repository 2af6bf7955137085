import type { ReactNode } from "react";
import { CheckboxesQuestion } from "./checkboxes-question";
import { NumberQuestion } from "./number-question";
import { RadiosQuestion } from "./radios-question";
import { TextQuestion } from "./text-question";
import type { QuestionView } from "./types";

/** The right GOV.UK pattern for a question's scale. */
export function QuestionField(props: {
  question: QuestionView;
  values: readonly string[];
  error?: string;
  conditionals?: Readonly<Record<string, ReactNode>>;
}) {
  switch (props.question.scale) {
    case "multi":
      return <CheckboxesQuestion {...props} />;
    case "percent":
    case "integer":
      return <NumberQuestion {...props} />;
    case "text":
      return <TextQuestion {...props} />;
    default:
      return <RadiosQuestion {...props} />;
  }
}
