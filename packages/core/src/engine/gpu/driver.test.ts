import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, driverProblem, parseDriverVersion } from "./driver.ts";

// /proc/driver/nvidia/version of the proprietary and the open kernel module.
const PROPRIETARY = `NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024
GCC version:  gcc version 12.3.0 (Ubuntu 12.3.0-1ubuntu1~22.04)
`;
const OPEN = `NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  570.86.15  Release Build  (dvs-builder@U16-I3-B03-4-3)  Thu Jan 23 23:08:09 UTC 2025
GCC version:  gcc version 11.4.0 (Ubuntu 11.4.0-1ubuntu1~22.04)
`;

test("the driver version from either kernel module's /proc file", () => {
  assert.equal(parseDriverVersion(PROPRIETARY), "550.54.15");
  assert.equal(parseDriverVersion(OPEN), "570.86.15");
  assert.equal(parseDriverVersion(""), null);
});

test("CUDA 12 needs 525.60.13 or newer; the problem says what to install", () => {
  assert.equal(compareVersions("525.60.13", "525.60.2"), 1);
  assert.equal(driverProblem("550.54.15"), null);
  assert.equal(driverProblem("525.60.13"), null);
  assert.match(driverProblem("470.223.02")!, /470\.223\.02 is older than 525\.60\.13.*apt-get install nvidia-driver-570/);
  assert.match(driverProblem(null)!, /no NVIDIA driver answers/);
});
