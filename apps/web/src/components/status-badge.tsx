/** A run's or an experiment's status as a coloured label. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status status-${status}`} data-status={status}>
      {status}
    </span>
  );
}
