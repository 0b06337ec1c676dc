import { PALETTE } from "../figures/palette.ts";

// tab10 whole: the figures use its first six; a comparison of up to 20 runs needs them all.
const COLORS = [...PALETTE, "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** A compared run's colour, by its place in the comparison. */
export const runColor = (index: number) => COLORS[index % COLORS.length]!;

/** A colour made see-through: `alpha` of its `#rrggbb`. */
export const translucent = (color: string, alpha: number) => `${color}${Math.round(alpha * 255).toString(16).padStart(2, "0")}`;
