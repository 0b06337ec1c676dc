import type { ModelDefinition } from "./model-config.ts";
import { basicBlock, resnet } from "./resnet-blocks.ts";

/** The paper's ResNet18 (kuangliu CIFAR variant): BasicBlock [2,2,2,2]. 11,173,962 parameters at 10 classes. */
export const resnet18: ModelDefinition = {
  paperInit: "pytorch-0.3.1",
  build: (layers, input, classes) =>
    resnet(
      {
        block: basicBlock,
        stemPlanes: 64,
        stages: [
          { blocks: 2, planes: 64, stride: 1 },
          { blocks: 2, planes: 128, stride: 2 },
          { blocks: 2, planes: 256, stride: 2 },
          { blocks: 2, planes: 512, stride: 2 },
        ],
      },
      layers,
      input,
      classes,
    ),
};
