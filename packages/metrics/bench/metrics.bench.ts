// Times the two hot paths against plain references measured in the same run (STYLE.md #9):
// distance() over two ResNet50-sized weight sets vs one loop over two flat Float32Arrays, and
// table1() over 10,000 runs' stored measures vs one pass summing values into a Map.
// Run: pnpm --filter @minima/metrics bench
import { distance, table1, TABLE1_COLUMNS, TABLE1_DATASETS, TABLE1_MODELS, type NamedWeights, type Table1Measure } from "../src/index.ts";

/** The CIFAR ResNet50's tensors with tfjs names and HWIO shapes (reference-spec §3). */
function resnet50Shapes(): Array<[string, number[]]> {
  const shapes: Array<[string, number[]]> = [];
  const bn = (name: string, c: number) => {
    for (const v of ["gamma", "beta", "moving_mean", "moving_variance"]) shapes.push([`${name}/${v}`, [c]]);
  };
  shapes.push(["conv1/kernel", [3, 3, 3, 64]]);
  bn("bn1", 64);
  let inC = 64;
  [3, 4, 6, 3].forEach((blocks, s) => {
    const planes = 64 * 2 ** s;
    for (let b = 0; b < blocks; b++) {
      const p = `layer${s + 1}.${b}`;
      const stride = b === 0 && s > 0 ? 2 : 1;
      shapes.push([`${p}.conv1/kernel`, [1, 1, inC, planes]]);
      bn(`${p}.bn1`, planes);
      shapes.push([`${p}.conv2/kernel`, [3, 3, planes, planes]]);
      bn(`${p}.bn2`, planes);
      shapes.push([`${p}.conv3/kernel`, [1, 1, planes, 4 * planes]]);
      bn(`${p}.bn3`, 4 * planes);
      if (stride !== 1 || inC !== 4 * planes) {
        shapes.push([`${p}.shortcut.0/kernel`, [1, 1, inC, 4 * planes]]);
        bn(`${p}.shortcut.1`, 4 * planes);
      }
      inC = 4 * planes;
    }
  });
  shapes.push(["linear/kernel", [2048, 10]], ["linear/bias", [10]]);
  return shapes;
}

function weightSet(shapes: Array<[string, number[]]>, seed: number): NamedWeights {
  let state = seed >>> 0 || 1;
  const out: NamedWeights = {};
  for (const [name, shape] of shapes) {
    const values = new Float32Array(shape.reduce((n, d) => n * d, 1));
    for (let i = 0; i < values.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      values[i] = ((state >>> 0) / 2 ** 32 - 0.5) * 0.1;
    }
    out[name] = { shape, values };
  }
  return out;
}

/** The same tensors concatenated into one array, in distance()'s (sorted) order. */
function flatten(weights: NamedWeights, names: string[]): Float32Array {
  const flat = new Float32Array(names.reduce((n, name) => n + weights[name]!.values.length, 0));
  let offset = 0;
  for (const name of names) {
    flat.set(weights[name]!.values, offset);
    offset += weights[name]!.values.length;
  }
  return flat;
}

function referenceDistance(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let ref = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    diff += d * d;
    ref += b[i]! * b[i]!;
  }
  return Math.sqrt(diff / ref);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Alternates the two functions so drift in machine speed hits both alike; median ms of each. */
function compare<T>(reps: number, ours: () => T, reference: () => T): { ours: number; reference: number; results: [T, T] } {
  const times = { ours: [] as number[], reference: [] as number[] };
  let results = [ours(), reference()] as [T, T];
  for (let r = 0; r < reps; r++) {
    let t = performance.now();
    results = [ours(), results[1]];
    times.ours.push(performance.now() - t);
    t = performance.now();
    results = [results[0], reference()];
    times.reference.push(performance.now() - t);
  }
  return { ours: median(times.ours), reference: median(times.reference), results };
}

function benchDistance(): void {
  const shapes = resnet50Shapes();
  const w1 = weightSet(shapes, 1);
  const w2 = weightSet(shapes, 2);
  const trainable = shapes.map(([name]) => name).filter((name) => !/moving_(mean|variance)$/.test(name)).sort();
  const params = trainable.reduce((n, name) => n + w1[name]!.values.length, 0);
  const [a, b] = [flatten(w1, trainable), flatten(w2, trainable)];
  const { ours, reference, results } = compare(7, () => distance(w1, w2), () => referenceDistance(a, b));
  console.log(`distance, ResNet50-sized: ${params.toLocaleString("en-US")} trainable parameters in ${trainable.length} tensors (${shapes.length} stored)`);
  console.log(`  distance(w1, w2)        ${ours.toFixed(1)} ms   (d = ${results[0].toFixed(12)})`);
  console.log(`  flat Float32Array loop  ${reference.toFixed(1)} ms   (d = ${results[1].toFixed(12)})`);
  console.log(`  ratio ${(ours / reference).toFixed(2)}× (target ≤ 2×)`);
}

function benchTable1(): void {
  const runs = 10_000;
  const measures: Table1Measure[] = [];
  const cells = TABLE1_DATASETS.length * TABLE1_MODELS.length;
  for (let r = 0; r < runs; r++) {
    const dataset = TABLE1_DATASETS[r % TABLE1_DATASETS.length]!;
    const model = TABLE1_MODELS[Math.floor(r / TABLE1_DATASETS.length) % TABLE1_MODELS.length]!;
    for (const column of TABLE1_COLUMNS) measures.push({ dataset, model, seed: Math.floor(r / cells), column, value: 0.5 + (r % 97) / 100, runId: `run-${r}` });
  }
  const referenceSums = () => {
    const sums = new Map<string, number>();
    for (const m of measures) {
      const key = `${m.dataset}\u0000${m.model}\u0000${m.column}`;
      sums.set(key, (sums.get(key) ?? 0) + m.value);
    }
    return sums.size;
  };
  const { ours, reference } = compare(9, () => table1(measures).rows.length, referenceSums);
  console.log(`table1 from ${runs.toLocaleString("en-US")} runs (${measures.length.toLocaleString("en-US")} measures, ${runs / cells} seeds per cell)`);
  console.log(`  table1(measures)        ${ours.toFixed(1)} ms (target < 100 ms)`);
  console.log(`  Map sum, one pass       ${reference.toFixed(1)} ms`);
  console.log(`  ratio ${(ours / reference).toFixed(2)}×`);
}

benchDistance();
benchTable1();
