/**
 * A measurement that cannot give a meaningful number (mismatched checkpoints, a diverged run,
 * a malformed measure). The message names what was wrong and where, so nothing downstream is
 * handed a silent NaN.
 */
export class MetricsError extends Error {
  override name = "MetricsError";
}
