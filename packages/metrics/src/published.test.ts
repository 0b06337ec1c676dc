import assert from "node:assert/strict";
import { test } from "node:test";
import { PUBLISHED_TABLE1 } from "./published-table1.ts";
import { PUBLISHED_TABLE2, TABLE2_MODE_LABELS, TABLE2_MODES } from "./published-table2.ts";
import { TABLE1_COLUMNS, paperLabel } from "./table1-columns.ts";

// reference-spec §8, pasted as text: the constants must print back to exactly these cells.
const TABLE2_TEXT = `
| Mode | Rand Train | Rand Test | Adv Train | Adv Test |
|---|---|---|---|---|
| Vanilla SGD | 100.000 ± 0.000 | 84.838 ± 0.193 | 100.000 ± 0.000 | 56.024 ± 0.883 |
| DA | 100.000 ± 0.000 | 93.370 ± 0.115 | 99.995 ± 0.003 | 89.402 ± 0.175 |
| ℓ2 | 100.000 ± 0.000 | 87.352 ± 0.055 | 100.000 ± 0.000 | 83.172 ± 3.732 |
| Momentum | 100.000 ± 0.000 | 89.200 ± 0.176 | 100.000 ± 0.000 | 89.016 ± 0.142 |
| DA+ℓ2 | 100.000 ± 0.000 | 94.680 ± 0.071 | 100.000 ± 0.000 | 94.192 ± 0.173 |
| DA+Momentum | 100.000 ± 0.000 | 93.448 ± 0.242 | 100.000 ± 0.001 | 92.756 ± 0.347 |
| ℓ2+Momentum | 100.000 ± 0.000 | 89.050 ± 0.110 | 100.000 ± 0.000 | 88.932 ± 0.373 |
| DA+ℓ2+Momentum (SOTA) | 100.000 ± 0.000 | 95.324 ± 0.086 | 100.000 ± 0.001 | 95.346 ± 0.098 |
`;

const TABLE1_TEXT = `
| Data | Model | | | | | | | |
|---|---|---|---|---|---|---|---|---|
| CIFAR10 | DenseNet40 | 0.810 | 3.715 | 0.946 | 0.950 | 3.715 | 0.347 | 28.669 |
| | ResNet18 | 0.953 | 3.917 | 0.873 | 0.879 | 3.902 | 0.207 | 12.421 |
| | ResNet50 | 0.894 | 8.552 | 0.919 | 0.923 | 8.608 | 0.194 | 36.311 |
| | VGG16 | 0.907 | 3.464 | 0.950 | 0.953 | 3.433 | 0.264 | 26.838 |
| CIFAR100 | DenseNet40 | 0.917 | 2.008 | 0.946 | 0.968 | 1.980 | 0.538 | 13.290 |
| | ResNet18 | 0.915 | 2.609 | 0.852 | 0.862 | 2.597 | 0.210 | 7.243 |
| | ResNet50 | 0.917 | 4.941 | 0.925 | 0.927 | 4.882 | 0.172 | 24.598 |
| | VGG16 | 0.919 | 2.029 | 0.960 | 0.962 | 2.035 | 0.253 | 19.388 |
| CINIC10 | DenseNet40 | 0.917 | 1.415 | 0.955 | 0.976 | 1.440 | 0.491 | 12.102 |
| | ResNet18 | 0.836 | 1.565 | 0.942 | 0.951 | 1.560 | 0.212 | 10.961 |
| | ResNet50 | 0.837 | 3.260 | 0.952 | 0.955 | 3.274 | 0.157 | 24.940 |
| | VGG16 | 0.844 | 1.406 | 0.974 | 0.977 | 1.397 | 0.241 | 17.916 |
| Restricted ImageNet | DenseNet40 | 0.940 | 3.378 | 0.966 | 0.982 | 3.377 | 0.520 | 39.314 |
| | ResNet18 | 0.849 | 3.154 | 0.969 | 0.973 | 3.164 | 0.163 | 47.184 |
| | ResNet50 | 0.883 | 7.123 | 0.913 | 0.916 | 7.139 | 0.164 | 30.841 |
| | VGG16 | 0.836 | 2.885 | 0.985 | 0.986 | 2.871 | 0.172 | 83.035 |
`;

const cells = (line: string) => line.split("|").slice(1, -1).map((c) => c.trim());

test("PUBLISHED_TABLE2 prints back to the paper's Table 2", () => {
  const lines = TABLE2_TEXT.trim().split("\n").slice(2);
  assert.equal(lines.length, 8);
  lines.forEach((line, i) => {
    const mode = TABLE2_MODES[i]!;
    const p = PUBLISHED_TABLE2[mode];
    const printed = [p.random.train, p.random.test, p.adversarial.train, p.adversarial.test].map((s) => `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`);
    assert.deepEqual(cells(line), [TABLE2_MODE_LABELS[mode], ...printed]);
  });
});

test("PUBLISHED_TABLE1 prints back to the paper's Table 1", () => {
  const lines = TABLE1_TEXT.trim().split("\n").slice(2);
  assert.equal(lines.length, PUBLISHED_TABLE1.length);
  let dataset = "";
  lines.forEach((line, i) => {
    const [data = "", model = "", ...numbers] = cells(line);
    if (data) dataset = data;
    const row = PUBLISHED_TABLE1[i]!;
    assert.equal(paperLabel(row.dataset), dataset);
    assert.equal(paperLabel(row.model), model);
    assert.deepEqual(TABLE1_COLUMNS.map((c) => row.values[c].toFixed(3)), numbers);
  });
});
