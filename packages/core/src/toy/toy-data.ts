import { Rng } from "../rng.ts";

/** Points and labels of a 2-D binary problem, row-major (x0, y0, x1, y1, …). */
export interface ToySet {
  x: Float32Array;
  y: Float32Array;
  size: number;
}

export interface ToyData {
  train: ToySet;
  test: ToySet;
  /** The train points with labels drawn uniformly at random once (Figure 1(b)). */
  randomLabels: Float32Array;
}

/**
 * Figure 1's two Gaussian classes (reference-spec §Toy): each coordinate 0.1·N(2, 1.5) shifted by
 * ±0.65 on x, so class 1 sits near (0.85, 0.2) and class 0 near (−0.45, 0.2), std 0.15; 50
 * points per class for train and for test. The authors ship one fixed draw (`actual_data.npz`);
 * a fixed `dataSeed` plays that role here, so all four runs see the same points.
 */
export function makeToyData(dataSeed = 0, perClass = 50): ToyData {
  const rng = new Rng(dataSeed);
  const draw = (): ToySet => {
    const size = 2 * perClass;
    const x = new Float32Array(size * 2);
    const y = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const label = i % 2;
      x[2 * i] = 0.1 * rng.normal(2, 1.5) + (label === 1 ? 0.65 : -0.65);
      x[2 * i + 1] = 0.1 * rng.normal(2, 1.5);
      y[i] = label;
    }
    return { x, y, size };
  };
  const train = draw();
  const test = draw();
  const randomLabels = new Float32Array(train.size);
  for (let i = 0; i < train.size; i++) randomLabels[i] = rng.int(2);
  return { train, test, randomLabels };
}

/**
 * Figure 1(d)'s augmentation: every point plus `copies` copies with N(0, std²) noise on both
 * coordinates, labels kept (2 copies of 0.1 in the authors' code: 100 → 300 points).
 */
export function augmentWithNoise(set: ToySet, copies: number, std: number, rng: Rng): ToySet {
  const size = set.size * (copies + 1);
  const x = new Float32Array(size * 2);
  const y = new Float32Array(size);
  x.set(set.x);
  y.set(set.y);
  for (let c = 1; c <= copies; c++) {
    for (let i = 0; i < set.size; i++) {
      const j = c * set.size + i;
      x[2 * j] = set.x[2 * i]! + rng.normal(0, std);
      x[2 * j + 1] = set.x[2 * i + 1]! + rng.normal(0, std);
      y[j] = set.y[i]!;
    }
  }
  return { x, y, size };
}
