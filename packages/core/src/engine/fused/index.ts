export { fusedKernelsActive, fusionEnabled, setFusion } from "./fusion.ts";
export { FusedBatchNormalization } from "./fused-batch-normalization.ts";
export { registerFusedReluGradient } from "./relu-gradient.ts";
export { registerFlippedConvInputGradient } from "./conv-backprop-input.ts";
export { softmaxCrossEntropy } from "./cross-entropy.ts";
export { fuseDenseTraining } from "./dense.ts";
