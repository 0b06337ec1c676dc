import { homedir } from "node:os";
import path from "node:path";

/** Where Debian's `dataset-fashion-mnist` package installs its files. */
export const DEBIAN_FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

/** `MINIMA_DATASETS`, else ~/.minima/datasets. */
export function defaultDatasetRoot(): string {
  return process.env.MINIMA_DATASETS ?? path.join(homedir(), ".minima", "datasets");
}

/** The folder each dataset lives in under the root (the names its archives unpack to). */
export const DATASET_DIRS = {
  "fashion-mnist": "fashion-mnist",
  cifar10: "cifar-10-batches-bin",
  cifar100: "cifar-100-binary",
  cinic10: "cinic10",
  "restricted-imagenet": "restricted-imagenet",
} as const;

export const DOWNLOAD_URLS = {
  "fashion-mnist": "https://github.com/zalandoresearch/fashion-mnist",
  cifar10: "https://www.cs.toronto.edu/~kriz/cifar.html",
  cifar100: "https://www.cs.toronto.edu/~kriz/cifar.html",
  cinic10: "https://datashare.ed.ac.uk/handle/10283/3192",
  "restricted-imagenet": "https://image-net.org/download.php",
} as const;

/** What a user must do to make each dataset loadable from `root`. */
export function datasetHelp(name: keyof typeof DATASET_DIRS, root: string): string {
  const dir = path.join(root, DATASET_DIRS[name]);
  switch (name) {
    case "fashion-mnist":
      return (
        `Install it with \`apt install dataset-fashion-mnist\` (files land in ${DEBIAN_FASHION_MNIST}), ` +
        `or download the four *-ubyte.gz files from ${DOWNLOAD_URLS[name]} into ${dir}/.`
      );
    case "cifar10":
      return (
        `Download "CIFAR-10 binary version" (cifar-10-binary.tar.gz) from ${DOWNLOAD_URLS[name]} and ` +
        `run \`tar xzf cifar-10-binary.tar.gz -C ${root}\`, giving ${dir}/data_batch_1.bin … test_batch.bin.`
      );
    case "cifar100":
      return (
        `Download "CIFAR-100 binary version" (cifar-100-binary.tar.gz) from ${DOWNLOAD_URLS[name]} and ` +
        `run \`tar xzf cifar-100-binary.tar.gz -C ${root}\`, giving ${dir}/train.bin and test.bin.`
      );
    case "cinic10":
      return (
        `Download CINIC-10.tar.gz from ${DOWNLOAD_URLS[name]} and run ` +
        `\`mkdir -p ${dir} && tar xzf CINIC-10.tar.gz -C ${dir}\`, giving ${dir}/train/<class>/*.png and ` +
        `${dir}/test/<class>/*.png (32×32 PNGs; "valid" is not used). The first load writes ` +
        `${dir}/train.bin and test.bin, a decoded cache; delete them to re-read the folders.`
      );
    case "restricted-imagenet":
      return (
        `Restricted ImageNet is your own preprocessing of ImageNet (${DOWNLOAD_URLS[name]}): resize each image ` +
        `of the 203 classes in the 9 superclass ranges to 32×32 and save it as PNG under ` +
        `${dir}/train/<class>/ and ${dir}/test/<class>/ (or val/), where <class> is the ImageNet class index ` +
        `0–999 (or keep all 1000 WordNet-id folders, n01440764 …, whose sorted order gives the index). ` +
        `Alternatively write ${dir}/train.bin and test.bin yourself in the CIFAR-10 record layout ` +
        `(1 superclass byte 0–8, then 3072 bytes R,G,B planes).`
      );
  }
}
