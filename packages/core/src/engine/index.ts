export { activeAllocator, allocatorAdvice, findTcmalloc, trainingProcessEnv, type AllocatorName } from "./allocator.ts";
export { BACKENDS, cudaAvailable, initEngine, type BackendName, type Engine, type EngineOptions } from "./select-backend.ts";
export { engineReport, gpuFacts, type EngineReport, type GpuFacts } from "./doctor.ts";
export { engineProcessEnv, gpuLibraryEnv, readEngineManifest, type EngineManifest } from "./engine-manifest.ts";
export { gpuStackReport, type GpuDeviceReport, type GpuInventoryEntry, type GpuStackReport } from "./gpu/gpu-stack.ts";
export { FusedBatchNormalization, fusedKernelsActive, setFusion } from "./fused/index.ts";
export { ONEDNN_BANNER } from "./onednn-banner.ts";
