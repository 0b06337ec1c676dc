import assert from "node:assert/strict";
import { test } from "node:test";
import { curvesCsv, curvesJson, type ExportedRun } from "./curve-export.ts";

const run: ExportedRun = {
  id: "11111111-1111-4111-8111-111111111111",
  key: "a",
  title: "toy, true labels",
  name: "baseline, \"clean\"",
  experimentId: "22222222-2222-4222-8222-222222222222",
  experimentTitle: "Figure 1",
  series: [
    { phase: "train", name: "test_acc", epoch: [1, 2], step: [10, 20], time: [1000, 2000], value: [0.5, 0.75] },
    { phase: "train", name: "lr", epoch: [1], step: [10], time: [1000], value: [1e-7] },
  ],
};

void test("CSV: a row per point with the run named, quoted where it must be, numbers at full precision", () => {
  const lines = curvesCsv([run]).split("\r\n");
  assert.deepEqual(lines, [
    "run_id,run_key,run,experiment,phase,metric,epoch,step,time_ms,value",
    `${run.id},a,"baseline, ""clean""",Figure 1,train,test_acc,1,10,1000,0.5`,
    `${run.id},a,"baseline, ""clean""",Figure 1,train,test_acc,2,20,2000,0.75`,
    `${run.id},a,"baseline, ""clean""",Figure 1,train,lr,1,10,1000,1e-7`,
    "",
  ]);
  assert.equal(curvesCsv([{ ...run, name: null, series: [run.series[1]!] }]).split("\r\n")[1], `${run.id},a,"toy, true labels",Figure 1,train,lr,1,10,1000,1e-7`);
});

void test("JSON: the runs as the procedure returned them", () => {
  assert.deepEqual(JSON.parse(curvesJson([run])), { runs: [run] });
});
