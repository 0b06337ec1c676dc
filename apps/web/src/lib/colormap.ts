/** An RGB colour with channels in [0, 1]. */
export type Rgb = readonly [number, number, number];

/**
 * The colormap of the toy example's plot (reference-spec §5, `model/plotting.py`): the
 * sigmoid output 0 → lightskyblue, 0.5 → white, 1 → lightpink, linear in between.
 */
export const BOUNDARY_STOPS: readonly { at: number; rgb: Rgb }[] = [
  { at: 0, rgb: [0.529, 0.824, 1] },
  { at: 0.5, rgb: [1, 1, 1] },
  { at: 1, rgb: [1, 0.728, 0.772] },
];

/**
 * The colour of a model output `value` (clamped to [0, 1]; NaN is drawn as white, the
 * "undecided" colour). `gamma` bends the colormap's position the way matplotlib's
 * LinearSegmentedColormap does (x ↦ x^gamma); the paper used 0.75, 1 leaves it linear.
 */
export function boundaryColor(value: number, gamma = 1): Rgb {
  const clamped = Number.isNaN(value) ? 0.5 : Math.min(1, Math.max(0, value));
  const t = gamma === 1 ? clamped : clamped ** gamma;
  for (let i = 1; i < BOUNDARY_STOPS.length; i++) {
    const lo = BOUNDARY_STOPS[i - 1]!;
    const hi = BOUNDARY_STOPS[i]!;
    if (t <= hi.at) {
      const f = (t - lo.at) / (hi.at - lo.at);
      return [mix(lo.rgb[0], hi.rgb[0], f), mix(lo.rgb[1], hi.rgb[1], f), mix(lo.rgb[2], hi.rgb[2], f)];
    }
  }
  return BOUNDARY_STOPS[BOUNDARY_STOPS.length - 1]!.rgb;
}

/** `boundaryColor` as 0–255 bytes, for ImageData. */
export function boundaryColorBytes(value: number, gamma = 1): [number, number, number] {
  const [r, g, b] = boundaryColor(value, gamma);
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

function mix(a: number, b: number, f: number): number {
  return a + (b - a) * f;
}
