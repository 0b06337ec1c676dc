/** What the comparison table reads of a run: its configuration and final metrics. */
export interface RunSettingsSource {
  config: Record<string, unknown>;
  final: Record<string, number>;
}

export interface DiffCell {
  text: string;
  /** It differs from the row's most common value (ties: the first run's). */
  differs: boolean;
}

export interface DiffRow {
  key: string;
  label: string;
  group: "setting" | "result";
  cells: DiffCell[];
  /** Not every run has the same value here. */
  differs: boolean;
}

// The settings a reader of the paper compares first; the rest of the config follows by name.
const SETTING_ORDER = ["kind", "mode", "init", "confusion.replicas", "seed", "model", "dataset", "lr", "batchSize", "epochs"];
const SETTING_LABELS: Record<string, string> = { "confusion.replicas": "R (replicas)", batchSize: "batch", lr: "lr" };
const RESULT_ORDER = ["train_acc", "test_acc", "train_loss", "test_loss"];
const RESULT_LABELS: Record<string, string> = { train_acc: "final train accuracy", test_acc: "final test accuracy", train_loss: "final train loss", test_loss: "final test loss" };

/** A configuration as dotted keys: `{ confusion: { replicas: 4 } }` → `confusion.replicas: 4`. */
function flatten(value: Record<string, unknown>, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, inner] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) for (const [k, v] of flatten(inner as Record<string, unknown>, `${path}.`)) out.set(k, v);
    else out.set(path, inner);
  }
  return out;
}

const settingText = (value: unknown) => (value === undefined || value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value));
/** As shown, and so as compared: two runs whose accuracies agree to the digit shown do not differ. */
const resultText = (name: string, value: number | undefined) =>
  value === undefined ? "—" : splitName(name) === "acc" ? `${(100 * value).toFixed(2)}%` : Number.isInteger(value) ? String(value) : value.toPrecision(4);
const splitName = (name: string) => name.replace(/^(train|test)_/, "");

const ordered = (keys: Iterable<string>, order: readonly string[]) => {
  const all = [...new Set(keys)];
  return [...order.filter((k) => all.includes(k)), ...all.filter((k) => !order.includes(k)).sort()];
};

function row(key: string, label: string, group: DiffRow["group"], texts: string[]): DiffRow {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  const usual = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [texts[0] ?? "", counts.get(texts[0] ?? "") ?? 0])[0];
  return { key, label, group, differs: counts.size > 1, cells: texts.map((text) => ({ text, differs: text !== usual })) };
}

/**
 * The comparison table: a row per setting (the paper's first, then every other config key) and
 * per final metric, a cell per run, with the rows and cells that differ marked.
 */
export function settingsRows(runs: readonly RunSettingsSource[]): DiffRow[] {
  const configs = runs.map((r) => flatten(r.config));
  const settings = ordered(configs.flatMap((c) => [...c.keys()]), SETTING_ORDER).map((key) =>
    row(key, SETTING_LABELS[key] ?? key, "setting", configs.map((c) => settingText(c.get(key)))),
  );
  const results = ordered(runs.flatMap((r) => Object.keys(r.final)), RESULT_ORDER).map((name) =>
    row(name, RESULT_LABELS[name] ?? `final ${name}`, "result", runs.map((r) => resultText(name, r.final[name]))),
  );
  return [...settings, ...results];
}
