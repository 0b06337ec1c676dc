import type { ModelDefinition } from "./model-config.ts";
import { basicBlock, resnet } from "./resnet-blocks.ts";

/**
 * CPU profile, not in the paper: a ResNet-8 in the kuangliu style — stem conv 16, one BasicBlock
 * per stage at 16/32/64 channels with strides 1/2/2, global avgpool, linear. `width` scales the
 * channels. Parameters at 10 classes: 78,042 on 32×32×3, 77,754 on 28×28×1.
 */
export const smallResnet: ModelDefinition = {
  paperInit: "pytorch-0.3.1",
  build: (layers, input, classes) =>
    resnet(
      {
        block: basicBlock,
        stemPlanes: 16,
        stages: [
          { blocks: 1, planes: 16, stride: 1 },
          { blocks: 1, planes: 32, stride: 2 },
          { blocks: 1, planes: 64, stride: 2 },
        ],
      },
      layers,
      input,
      classes,
    ),
};
