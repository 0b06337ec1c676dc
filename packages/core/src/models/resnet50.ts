import type { ModelDefinition } from "./model-config.ts";
import { bottleneck, resnet } from "./resnet-blocks.ts";

/**
 * The paper's ResNet50 (kuangliu CIFAR variant): Bottleneck (expansion 4, stride on the 3×3 conv)
 * [3,4,6,3]. 23,520,842 parameters at 10 classes.
 */
export const resnet50: ModelDefinition = {
  paperInit: "pytorch-0.3.1",
  build: (layers, input, classes) =>
    resnet(
      {
        block: bottleneck,
        stemPlanes: 64,
        stages: [
          { blocks: 3, planes: 64, stride: 1 },
          { blocks: 4, planes: 128, stride: 2 },
          { blocks: 6, planes: 256, stride: 2 },
          { blocks: 3, planes: 512, stride: 2 },
        ],
      },
      layers,
      input,
      classes,
    ),
};
