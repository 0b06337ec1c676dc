"""PyTorch reference for `pnpm bench:engine`: the same training steps as the tfjs benchmark.

Prints one JSON object: {workload: median ms, "<workload>:rss_mb": peak RSS}. Run by
bench/engine.bench.ts once per workload (so each peak RSS is that workload's) when torch imports.
MINIMA_BENCH_DEVICE=cuda runs the steps on the GPU (the bench sets it when tfjs runs on one).
"""
import json
import os
import resource
import statistics
import sys
import time

import torch
from torch import nn

DEVICE = torch.device(os.environ.get("MINIMA_BENCH_DEVICE", "cpu"))
if DEVICE.type == "cuda" and not torch.cuda.is_available():
    sys.exit("MINIMA_BENCH_DEVICE=cuda, but this torch has no CUDA (install a CUDA build of torch)")
# CUDA runs asynchronously: a step's time is only known once the device has finished it.
sync = torch.cuda.synchronize if DEVICE.type == "cuda" else (lambda: None)


def small_cnn(in_ch=1, classes=10):
    layers, c = [], in_ch
    for i, out in enumerate([32, 32, 64, 64]):
        layers += [nn.Conv2d(c, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU()]
        c = out
        if i % 2 == 1:
            layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.short = nn.Sequential()
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = torch.relu(self.b1(self.c1(x)))
        return torch.relu(self.b2(self.c2(out)) + self.short(x))


def resnet18(classes=10):
    layers, cin = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()], 64
    for cout, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
        layers += [Block(cin, cout, stride), Block(cout, cout, 1)]
        cin = cout
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes))


class Bottleneck(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        out = 4 * planes
        self.body = nn.Sequential(
            nn.Conv2d(cin, planes, 1, bias=False), nn.BatchNorm2d(planes), nn.ReLU(),
            nn.Conv2d(planes, planes, 3, stride, 1, bias=False), nn.BatchNorm2d(planes), nn.ReLU(),
            nn.Conv2d(planes, out, 1, bias=False), nn.BatchNorm2d(out),
        )
        self.short = nn.Sequential()
        if stride != 1 or cin != out:
            self.short = nn.Sequential(nn.Conv2d(cin, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        return torch.relu(self.body(x) + self.short(x))


def resnet50(classes=10):
    layers, cin = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()], 64
    for planes, blocks, stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)]:
        for i in range(blocks):
            layers.append(Bottleneck(cin, planes, stride if i == 0 else 1))
            cin = 4 * planes
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(cin, classes))


def vgg16(classes=10):
    layers, c = [], 3
    for item in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]:
        if item == "M":
            layers.append(nn.MaxPool2d(2))
        else:
            layers += [nn.Conv2d(c, item, 3, padding=1), nn.BatchNorm2d(item), nn.ReLU()]
            c = item
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(512, classes))


class DenseLayer(nn.Module):
    def __init__(self, cin, growth):
        super().__init__()
        self.body = nn.Sequential(
            nn.BatchNorm2d(cin), nn.ReLU(), nn.Conv2d(cin, 4 * growth, 1, bias=False),
            nn.BatchNorm2d(4 * growth), nn.ReLU(), nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False),
        )

    def forward(self, x):
        return torch.cat([x, self.body(x)], 1)


def densenet_bc_40(classes=10, growth=12):
    c = 2 * growth
    layers = [nn.Conv2d(3, c, 3, padding=1, bias=False)]
    for block in range(3):
        for _ in range(6):
            layers.append(DenseLayer(c, growth))
            c += growth
        if block < 2:
            out = c // 2
            layers += [nn.BatchNorm2d(c), nn.ReLU(), nn.Conv2d(c, out, 1, bias=False), nn.AvgPool2d(2)]
            c = out
    return nn.Sequential(*layers, nn.BatchNorm2d(c), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes))


def mlp(classes=10):
    """The CPU reproduction's net (src/models/mlp.ts): 784-512-512-10 with ReLUs."""
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, classes))


def toy_mlp():
    return nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 1))


def time_steps(step, warmup, repeats):
    for _ in range(warmup):
        step()
    sync()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        sync()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def train_step(model, x, y, loss_fn, momentum):
    model, x, y = model.to(DEVICE), x.to(DEVICE), y.to(DEVICE)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=momentum, weight_decay=5e-4 if momentum else 0)

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step


def main():
    which = set(sys.argv[1:])
    torch.manual_seed(0)
    results = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    if "toy" in which:
        results["toy"] = time_steps(train_step(toy_mlp(), torch.randn(10, 2), torch.rand(10, 1).round(), nn.BCEWithLogitsLoss(reduction="sum"), 0), 50, 500)
    if "mlp" in which:
        results["mlp"] = time_steps(train_step(mlp(), torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,)), nn.CrossEntropyLoss(), 0.9), 10, 200)
    if "small-cnn" in which:
        results["small-cnn"] = time_steps(train_step(small_cnn(), torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,)), nn.CrossEntropyLoss(), 0.9), 3, 15)
    if "resnet18" in which:
        model = resnet18()
        results["resnet18"] = time_steps(train_step(model, torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,)), nn.CrossEntropyLoss(), 0.9), 1, 3)
    for name, build, repeats in [("vgg16", vgg16, 3), ("resnet50", resnet50, 2), ("densenet-bc-40", densenet_bc_40, 3)]:
        if name in which:
            results[name] = time_steps(train_step(build(), torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,)), nn.CrossEntropyLoss(), 0.9), 1, repeats)
    if "resnet18-inference" in which:
        model = resnet18().eval().to(DEVICE)
        x = torch.randn(128, 3, 32, 32, device=DEVICE)
        with torch.no_grad():
            results["resnet18-inference"] = time_steps(lambda: model(x), 1, 3)
    # Linux reports ru_maxrss in KiB: the peak of this process, which ran only `which`.
    results["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(results))


if __name__ == "__main__":
    main()
