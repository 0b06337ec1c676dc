// A node:test reporter that writes each test file's wall time, slowest first, so that a long CI
// run can be trimmed where the time goes: `node scripts/run-tests.mjs --timings FILE`.
// Files run one after another on a 2-core machine (node's default concurrency there is 1), so a
// file's time is from the previous file's last event to its own: its process start, imports and
// hooks included.
export default async function* testTimings(source) {
  const lastEventAt = new Map();
  const started = Date.now();
  for await (const event of source) {
    const file = event.data?.file;
    if (file) {
      lastEventAt.delete(file); // re-inserted last, so the map stays in order of each file's end
      lastEventAt.set(file, Date.now());
    }
  }
  let previous = started;
  const seconds = [];
  for (const [file, at] of lastEventAt) {
    seconds.push([file, (at - previous) / 1000]);
    previous = at;
  }
  yield `${((previous - started) / 1000).toFixed(0)} s in ${seconds.length} files\n`;
  for (const [file, s] of seconds.sort((a, b) => b[1] - a[1])) yield `${s.toFixed(1).padStart(7)} s  ${file}\n`;
}
