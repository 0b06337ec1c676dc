import { initEngine } from "@minima/core";

const engine = await initEngine();
process.send!(
  { backend: engine.backend, provider: engine.provider, device: engine.device, fallbackReason: engine.fallbackReason },
  () => process.disconnect(),
);
