/** The lines setup-engine prints when a GPU host gets the CPU engine: loud, with what to do. `why` says why the GPU route was taken. */
export function gpuFallbackBanner(reason: string, why: string): string[] {
  const rule = "=".repeat(78);
  return [
    rule,
    `WARNING: the GPU engine (chosen for: ${why}) could not be set up:`,
    ...reason.split("\n"),
    "Setting up the CPU engine instead: training will run on the CPU, many times slower.",
    "Fix the above, then run `npm run setup` again (MINIMA_ENGINE=cpu silences this on purpose).",
    rule,
  ];
}
