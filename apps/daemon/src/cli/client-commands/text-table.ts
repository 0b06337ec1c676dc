/** Rows of cells as aligned columns, the first row a header underlined by dashes. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - [...cell].length)))
      .join("  ")
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return "";
  return [line(header), line(header.map((_, i) => "-".repeat(widths[i] ?? 0))), ...body.map(line)].join("\n");
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}
