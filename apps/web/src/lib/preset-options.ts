/** An option of an experiment preset, as `experiments.presets` describes it. */
export type PresetOption =
  | {
      type: "number";
      name: string;
      label: string;
      default: number;
      min: number;
      max: number;
      /** Whole numbers only (a seed). */
      integer?: boolean;
      help: string;
    }
  | { type: "choice"; name: string; label: string; default: string; choices: readonly string[]; help: string };

/** The form's starting values: every option at its default. */
export function defaultOptionValues(options: readonly PresetOption[]): Record<string, string> {
  return Object.fromEntries(options.map((o) => [o.name, String(o.default)]));
}

export type ParsedOptions = { ok: true; values: Record<string, number | string> } | { ok: false; errors: Record<string, string> };

/**
 * Turns the form's fields into the values `experiments.create` takes, or says per field what is
 * wrong (an empty field falls back to the default).
 */
export function parseOptionValues(options: readonly PresetOption[], text: Record<string, string>): ParsedOptions {
  const values: Record<string, number | string> = {};
  const errors: Record<string, string> = {};
  for (const option of options) {
    const raw = text[option.name]?.trim() ?? "";
    if (option.type === "choice") {
      const value = raw === "" ? option.default : raw;
      if (option.choices.includes(value)) values[option.name] = value;
      else errors[option.name] = `${option.label} must be one of ${option.choices.join(", ")}.`;
      continue;
    }
    const value = raw === "" ? option.default : Number(raw);
    if (!Number.isFinite(value)) errors[option.name] = `${option.label} must be a number.`;
    else if (option.integer && !Number.isInteger(value)) errors[option.name] = `${option.label} must be a whole number.`;
    else if (value < option.min || value > option.max) {
      errors[option.name] = `${option.label} must be between ${option.min} and ${option.max}.`;
    } else values[option.name] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
