/** A numeric option of an experiment preset, as `experiments.presets` describes it. */
export interface PresetOption {
  name: string;
  label: string;
  default: number;
  min: number;
  max: number;
  /** Whole numbers only (a seed). */
  integer?: boolean;
  help: string;
}

/** The form's starting values: every option at its default. */
export function defaultOptionValues(options: readonly PresetOption[]): Record<string, string> {
  return Object.fromEntries(options.map((o) => [o.name, String(o.default)]));
}

export type ParsedOptions = { ok: true; values: Record<string, number> } | { ok: false; errors: Record<string, string> };

/**
 * Turns the form's text fields into the numbers `experiments.create` takes, or says per field
 * what is wrong (an empty field falls back to the default).
 */
export function parseOptionValues(options: readonly PresetOption[], text: Record<string, string>): ParsedOptions {
  const values: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const option of options) {
    const raw = text[option.name]?.trim() ?? "";
    const value = raw === "" ? option.default : Number(raw);
    if (!Number.isFinite(value)) errors[option.name] = `${option.label} must be a number.`;
    else if (option.integer && !Number.isInteger(value)) errors[option.name] = `${option.label} must be a whole number.`;
    else if (value < option.min || value > option.max) {
      errors[option.name] = `${option.label} must be between ${option.min} and ${option.max}.`;
    } else values[option.name] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
