export interface SelectOption {
  value: string | number;
  label: string;
}

/**
 * A GOV.UK select with its label, as the list pages' filters use it. `any` adds a first, empty
 * option ("Any council") that means "no filter"; the id is the field's name.
 */
export function SelectField({
  name,
  label,
  options,
  defaultValue,
  any,
  fullWidth = false,
}: {
  name: string;
  label: string;
  options: readonly SelectOption[];
  defaultValue?: string | number | null;
  any?: string;
  fullWidth?: boolean;
}) {
  return (
    <div className="govuk-form-group">
      <label className="govuk-label" htmlFor={name}>
        {label}
      </label>
      <select className={`govuk-select${fullWidth ? " lt-full-width" : ""}`} id={name} name={name} defaultValue={defaultValue ?? ""}>
        {any === undefined ? null : <option value="">{any}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
