/** The panel titles of the paper's Figure 1, by run key. */
export const FIGURE1_TITLES: Readonly<Record<string, string>> = {
  a: "(a) true labels",
  b: "(b) random labels",
  c: "(c) true labels from (b)",
  d: "(d) from (b) with DA, momentum, ℓ2",
};

/** The paper's title for a panel, or the run's own title for a key the paper does not have. */
export function figure1Title(panel: { key: string; title: string }): string {
  return FIGURE1_TITLES[panel.key] ?? panel.title;
}
