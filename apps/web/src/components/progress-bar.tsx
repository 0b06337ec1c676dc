import { progress } from "../lib/format.ts";

/** Epochs done of epochs planned, as a bar and a label. */
export function ProgressBar({ epoch, epochs }: { epoch: number; epochs: number }) {
  const { label, fraction } = progress(epoch, epochs);
  return (
    <span className="progress" title={label}>
      <span className="progress-track">
        <span className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </span>
      <span className="progress-label">{label}</span>
    </span>
  );
}
