/** How the daemon's cancel and stop requests reach a run's training loop. */
export interface WorkerControl {
  /** Aborted on cancel, and when a stop is due (an image run's checkpoint is written); the training loops check it every epoch. */
  signal: AbortSignal;
  /** Whether the daemon asked the run to stop at its next checkpoint. */
  stopRequested(): boolean;
  abort(): void;
}
