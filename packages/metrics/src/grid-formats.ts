/** A CSV field or a number; null is an empty field. Numbers keep full precision. */
export type CsvValue = string | number | null;

/** RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const field = (value: CsvValue) => {
    const text = value === null ? "" : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

/** A GitHub-flavoured pipe table; `|` inside a cell is escaped, line breaks become spaces. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ("left" | "right")[] = []): string {
  const cell = (text: string) => text.replaceAll("|", "\\|").replace(/\r?\n/g, " ");
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const rule = `|${header.map((_, i) => (align[i] === "right" ? "---:" : "---")).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n") + "\n";
}

const LATEX_SPECIALS: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "&": "\\&",
  "%": "\\%",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "{": "\\{",
  "}": "\\}",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
  // `[` right after a row's `\\` would be read as its optional argument.
  "[": "{[}",
  "]": "{]}",
  "±": "$\\pm$",
  "ℓ": "$\\ell$",
  "ε": "$\\varepsilon$",
};

/** Plain text made safe for a LaTeX document, in one pass so nothing is escaped twice; ℓ2 → $\ell_2$. */
export function escapeLatex(text: string): string {
  return text.replace(/ℓ(\d+)|[\\&%$#_{}~^[\]±ℓε]/g, (c, norm?: string) => (norm ? `$\\ell_${norm}$` : (LATEX_SPECIALS[c] ?? c)));
}

/** Plain text made safe inside an XML (SVG) element or a double-quoted attribute. */
export const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A booktabs tabular; header and cells are LaTeX already (escape plain text with escapeLatex). */
export function latexTabular(header: readonly string[], rows: readonly (readonly string[])[], columns: string): string {
  const line = (cells: readonly string[]) => `${cells.join(" & ")} \\\\`;
  return [`\\begin{tabular}{${columns}}`, "\\toprule", line(header), "\\midrule", ...rows.map(line), "\\bottomrule", "\\end{tabular}"].join("\n") + "\n";
}
