import type { PresetOption } from "../../lib/preset-options.ts";

interface Props {
  option: PresetOption;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** One option of a preset: a number with its range, or a choice; with its help text. */
export function PresetOptionField({ option, value, error, onChange }: Props) {
  const id = `option-${option.name}`;
  if (option.type === "choice") {
    return (
      <div className="field">
        <label htmlFor={id}>{option.label}</label>
        <select id={id} name={option.name} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined}>
          {option.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
        <p className="hint">
          {option.help} (default {option.default})
        </p>
        {error && <p className="error small">{error}</p>}
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{option.label}</label>
      <input
        id={id}
        name={option.name}
        type="number"
        inputMode={option.integer ? "numeric" : "decimal"}
        step={option.integer ? 1 : "any"}
        min={option.min}
        max={option.max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
      />
      <p className="hint">
        {option.help} ({option.min}–{option.max}, default {option.default})
      </p>
      {error && <p className="error small">{error}</p>}
    </div>
  );
}
