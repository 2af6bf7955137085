import type { ReactNode } from "react";
import { QuestionFieldset } from "./question-fieldset";
import { DONT_KNOW } from "../../domain/answer-codes";
import type { QuestionView } from "./types";

interface RadiosQuestionProps {
  question: QuestionView;
  values: readonly string[];
  error?: string;
  /**
   * Content revealed under an option, by option code. GOV.UK's markup and classes, but revealed by
   * public/init.js rather than GOV.UK's radios script, which puts aria-expanded on the radio: not an
   * allowed attribute for a radio (axe aria-allowed-attr). See docs/decisions/010-conditional-questions.md.
   */
  conditionals?: Readonly<Record<string, ReactNode>>;
}

/**
 * One question as GOV.UK radios in its own fieldset: L5, M5, T11 (11 radios, inline) and choice.
 * "Don't know" comes after the "or" divider. The first radio's id is the item id, so error-summary
 * and "Change" links land on the question.
 */
export function RadiosQuestion({ question: q, values, error, conditionals = {} }: RadiosQuestionProps) {
  const selected = values[0];
  const main = q.options.filter((o) => o.code !== DONT_KNOW);
  const dontKnow = q.options.find((o) => o.code === DONT_KNOW);
  const radio = (option: { code: string; label: string }, index: number) => {
    const id = index === 0 ? q.id : `${q.id}-${index + 1}`;
    const conditional = conditionals[option.code];
    const conditionalId = `conditional-${q.id}-${index + 1}`;
    const checked = selected === option.code;
    return [
      <div className="govuk-radios__item" key={option.code}>
        <input
          className="govuk-radios__input"
          id={id}
          name={q.id}
          type="radio"
          value={option.code}
          defaultChecked={checked}
          aria-controls={conditional ? conditionalId : undefined}
          data-lt-reveals={conditional ? conditionalId : undefined}
        />
        <label className="govuk-label govuk-radios__label" htmlFor={id}>
          {option.label}
        </label>
      </div>,
      conditional ? (
        // lt-reveal-after-save: without JavaScript the hidden question stays hidden, and the server shows it after the answer is saved.
        <div
          key={`${option.code}-conditional`}
          className={`govuk-radios__conditional lt-reveal-after-save${checked ? "" : " govuk-radios__conditional--hidden"}`}
          id={conditionalId}
        >
          {conditional}
        </div>
      ) : null,
    ];
  };
  const inline = q.scale === "T11";
  return (
    <QuestionFieldset question={q} error={error}>
      <div className={`govuk-radios${inline ? " govuk-radios--inline lt-radios--scale" : ""}`}>
        {main.map((option, index) => radio(option, index))}
        {dontKnow && !inline ? (
          <>
            <div className="govuk-radios__divider">or</div>
            {radio(dontKnow, main.length)}
          </>
        ) : null}
      </div>
      {dontKnow && inline ? (
        <div className="govuk-radios">
          <div className="govuk-radios__divider">or</div>
          {radio(dontKnow, main.length)}
        </div>
      ) : null}
    </QuestionFieldset>
  );
}
