import assert from "node:assert/strict";
import { test } from "node:test";
import { parseGpuQuery } from "./nvidia-smi.ts";

// What `nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu
// --format=csv,noheader,nounits` prints: ", "-separated, no header, no units.
const FOUR_GPUS = `0, NVIDIA H100 80GB HBM3, 97, 61234, 81559, 64
1, NVIDIA H100 80GB HBM3, 0, 4, 81559, 31
2, NVIDIA A100-SXM4-40GB, [N/A], [N/A], 40960, [N/A]
3, NVIDIA GeForce GTX 1080, [Not Supported], 1024, 8192, 45
`;

test("one reading a GPU, numbers as numbers, [N/A] and [Not Supported] as null", () => {
  assert.deepEqual(parseGpuQuery(FOUR_GPUS), [
    { index: "0", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 97, memoryUsedMb: 61234, memoryTotalMb: 81559, temperatureC: 64 },
    { index: "1", name: "NVIDIA H100 80GB HBM3", utilizationPercent: 0, memoryUsedMb: 4, memoryTotalMb: 81559, temperatureC: 31 },
    { index: "2", name: "NVIDIA A100-SXM4-40GB", utilizationPercent: null, memoryUsedMb: null, memoryTotalMb: 40960, temperatureC: null },
    { index: "3", name: "NVIDIA GeForce GTX 1080", utilizationPercent: null, memoryUsedMb: 1024, memoryTotalMb: 8192, temperatureC: 45 },
  ]);
});

test("Windows line ends, a name with a comma, and lines that are not a GPU's", () => {
  const output = "WARNING: infoROM is corrupted at gpu 0000:01:00.0\r\n0, Tesla K80, rev B, 12, 300, 11441, 40\r\n\r\n";
  assert.deepEqual(parseGpuQuery(output), [
    { index: "0", name: "Tesla K80, rev B", utilizationPercent: 12, memoryUsedMb: 300, memoryTotalMb: 11441, temperatureC: 40 },
  ]);
});

test("no GPUs: nothing, whether the output is empty or nvidia-smi's complaint", () => {
  assert.deepEqual(parseGpuQuery(""), []);
  assert.deepEqual(parseGpuQuery("No devices were found\n"), []);
  assert.deepEqual(parseGpuQuery("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n"), []);
});
