# The PyTorch half of `npm run bench:divergence` (divergence.bench.ts writes the spec): trains the
# MLP 784-512-512-10 from a minima checkpoint with torch.optim.SGD under the same protocol, once
# per data-order seed, and prints one JSON line per run: final train/test accuracy, or the epoch
# at which the loss stopped being finite. Data order and augmentation draws are PyTorch's own;
# only their distribution is shared with minima's runs.
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def load_checkpoint(directory):
    """A tfjs layers checkpoint (model.json + weights.bin) as an nn.Sequential MLP."""
    manifest = json.load(open(f"{directory}/model.json"))["weightsManifest"][0]["weights"]
    raw = np.fromfile(f"{directory}/weights.bin", dtype=np.float32)
    tensors, offset = {}, 0
    for entry in manifest:
        size = int(np.prod(entry["shape"]))
        tensors[entry["name"]] = raw[offset : offset + size].reshape(entry["shape"])
        offset += size
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
    with torch.no_grad():
        for index, name in ((1, "fc1"), (3, "fc2"), (5, "fc3")):
            # tfjs stores a dense kernel as [in, out]; nn.Linear's weight is [out, in].
            model[index].weight.copy_(torch.from_numpy(tensors[f"{name}/kernel"].T.copy()))
            model[index].bias.copy_(torch.from_numpy(tensors[f"{name}/bias"]))
    return model


def augment(images, pad, generator):
    """RandomCrop(28, padding=pad) on the raw [0, 1] image (zeros padded before Normalize), then a horizontal flip half the time."""
    n, size = images.shape[0], images.shape[-1]
    padded = F.pad(images, (pad, pad, pad, pad))
    tops = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
    lefts = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
    flips = torch.rand(n, generator=generator) < 0.5
    out = torch.empty_like(images)
    for i in range(n):
        crop = padded[i, tops[i] : tops[i] + size, lefts[i] : lefts[i] + size]
        out[i] = crop.flip(-1) if flips[i] else crop
    return out


def main():
    spec = json.load(open(sys.argv[1]))
    torch.set_num_threads(spec["threads"])

    def split(name):
        images = np.fromfile(spec[f"{name}_images"], dtype=np.uint8).reshape(-1, spec["height"], spec["width"]).astype(np.float32) / 255
        labels = np.fromfile(spec[f"{name}_labels"], dtype=np.uint8).astype(np.int64)
        return torch.from_numpy(images), torch.from_numpy(labels)

    train_x, train_y = split("train")
    test_x, test_y = split("test")
    normalize = lambda x: (x - spec["mean"]) / spec["std"]

    def accuracy(model, x, y, augmented, generator):
        model.eval()
        with torch.no_grad():
            inputs = augment(x, spec["pad"], generator) if augmented else x
            return (model(normalize(inputs)).argmax(1) == y).float().mean().item()

    for order_seed in spec["order_seeds"]:
        model = load_checkpoint(spec["checkpoint"])
        optimizer = torch.optim.SGD(model.parameters(), lr=spec["lr"], momentum=spec["momentum"], weight_decay=spec["weight_decay"])
        schedule = torch.optim.lr_scheduler.MultiStepLR(optimizer, spec["milestones"], spec["gamma"])
        generator = torch.Generator().manual_seed(order_seed)
        result = None
        for epoch in range(1, spec["epochs"] + 1):
            model.train()
            order = torch.randperm(len(train_y), generator=generator)
            for start in range(0, len(train_y), spec["batch_size"]):
                batch = order[start : start + spec["batch_size"]]
                inputs = augment(train_x[batch], spec["pad"], generator) if spec["augment"] else train_x[batch]
                loss = F.cross_entropy(model(normalize(inputs)), train_y[batch])
                if not torch.isfinite(loss):
                    result = {"diverged_at_epoch": epoch}
                    break
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            if result:
                break
            schedule.step()
        if result is None:
            # As the authors measure Table 2's train accuracy: eval mode, with the training transform.
            result = {"train_acc": accuracy(model, train_x, train_y, spec["augment"], generator), "test_acc": accuracy(model, test_x, test_y, False, None)}
        print(json.dumps({"order_seed": order_seed, **result}), flush=True)


main()
