import assert from "node:assert/strict";
import { test } from "node:test";
import { settingsRows } from "./settings-diff.ts";

const image = (mode: string, seed: number, lr = 0.1) => ({ kind: "image", mode, init: "paper", seed, model: "small-cnn", lr, confusion: { replicas: 4, seed: 1 }, milestones: [10, 20] });

void test("the paper's settings come first, then the rest of the config by name, then final metrics", () => {
  const rows = settingsRows([{ config: image("vanilla", 1), final: { test_acc: 0.5, lr: 0.1, train_acc: 0.9 } }]);
  assert.deepEqual(
    rows.map((r) => [r.key, r.label, r.group]),
    [
      ["kind", "kind", "setting"],
      ["mode", "mode", "setting"],
      ["init", "init", "setting"],
      ["confusion.replicas", "R (replicas)", "setting"],
      ["seed", "seed", "setting"],
      ["model", "model", "setting"],
      ["lr", "lr", "setting"],
      ["confusion.seed", "confusion.seed", "setting"],
      ["milestones", "milestones", "setting"],
      ["train_acc", "final train accuracy", "result"],
      ["test_acc", "final test accuracy", "result"],
      ["lr", "final lr", "result"],
    ],
  );
  assert.deepEqual(rows.find((r) => r.key === "milestones")!.cells, [{ text: "[10,20]", differs: false }]);
  assert.equal(rows.find((r) => r.key === "test_acc")!.cells[0]!.text, "50.00%");
});

void test("a row differs when the runs do; the cells off the most common value are marked", () => {
  const rows = settingsRows([
    { config: image("vanilla", 1), final: { test_acc: 0.51234, test_loss: 1.5 } },
    { config: image("vanilla", 2), final: { test_acc: 0.51231, test_loss: 1.2 } },
    { config: { ...image("vanilla", 1), lr: 0.01 }, final: { test_loss: 1.5 } },
  ]);
  const of = (key: string) => rows.find((r) => r.key === key)!;
  assert.deepEqual([of("mode").differs, of("kind").differs], [false, false]);
  assert.deepEqual(of("seed").cells.map((c) => [c.text, c.differs]), [["1", false], ["2", true], ["1", false]]);
  assert.deepEqual(of("lr").cells.map((c) => c.differs), [false, false, true]);
  assert.deepEqual(of("test_acc").cells.map((c) => [c.text, c.differs]), [["51.23%", false], ["51.23%", false], ["—", true]], "equal as shown; missing differs");
  assert.deepEqual(of("test_loss").cells.map((c) => c.differs), [false, true, false]);
});

void test("two runs that differ: the second run's cell is marked against the first", () => {
  const rows = settingsRows([
    { config: { kind: "toy", labels: "true" }, final: {} },
    { config: { kind: "toy", labels: "random", augment: null }, final: {} },
  ]);
  const labels = rows.find((r) => r.key === "labels")!;
  assert.deepEqual([labels.differs, labels.cells.map((c) => c.differs)], [true, [false, true]]);
  assert.deepEqual(rows.find((r) => r.key === "augment")!.cells.map((c) => [c.text, c.differs]), [["—", false], ["—", false]], "absent and null read the same");
});
