"""PyTorch reference for `pnpm bench:engine`: the same training steps as the tfjs benchmark.

Prints one JSON object: {workload: median ms}. Run by bench/engine.bench.ts when torch imports.
"""
import json
import statistics
import sys
import time

import torch
from torch import nn


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


def toy_mlp():
    return nn.Sequential(nn.Linear(2, 100), nn.ReLU(), nn.Linear(100, 100), nn.ReLU(), nn.Linear(100, 1))


def time_steps(step, warmup, repeats):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def train_step(model, x, y, loss_fn, momentum):
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
    if "small-cnn" in which:
        results["small-cnn"] = time_steps(train_step(small_cnn(), torch.randn(128, 1, 28, 28), torch.randint(0, 10, (128,)), nn.CrossEntropyLoss(), 0.9), 3, 15)
    if "resnet18" in which:
        model = resnet18()
        results["resnet18"] = time_steps(train_step(model, torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,)), nn.CrossEntropyLoss(), 0.9), 1, 3)
    if "resnet18-inference" in which:
        model = resnet18().eval()
        x = torch.randn(128, 3, 32, 32)
        with torch.no_grad():
            results["resnet18-inference"] = time_steps(lambda: model(x), 1, 3)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
