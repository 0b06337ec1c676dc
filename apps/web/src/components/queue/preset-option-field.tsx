import type { PresetOption } from "../../lib/preset-options.ts";

interface Props {
  option: PresetOption;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** One numeric option of a preset, with its range and help text. */
export function PresetOptionField({ option, value, error, onChange }: Props) {
  const id = `option-${option.name}`;
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
