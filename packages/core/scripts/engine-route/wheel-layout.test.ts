import assert from "node:assert/strict";
import { test } from "node:test";
import { cacheFolder, cudaRequirements, unpackPlan, wheelRequirement, wheelVersion } from "./wheel-layout.ts";

// Lines of tensorflow_cpu-2.21.0's METADATA: the `tensorflow` wheel declares the same and-cuda extra.
const METADATA = `Metadata-Version: 2.1
Name: tensorflow-cpu
Version: 2.21.0
Requires-Dist: numpy>=1.26.0
Requires-Dist: nvidia-cublas-cu12<13.0,>=12.5.3.2; extra == "and-cuda"
Requires-Dist: nvidia-cuda-nvcc-cu12<13.0,>=12.5.82; extra == "and-cuda"
Requires-Dist: nvidia-cuda-runtime-cu12<13.0,>=12.5.82; extra == "and-cuda"
Requires-Dist: nvidia-cudnn-cu12<10.0,>=9.3.0.75; extra == "and-cuda"
Requires-Dist: nvidia-nccl-cu12<3.0,>=2.27.7; extra == "and-cuda"
Requires-Dist: tensorflow-io-gcs-filesystem>=0.23.1; (sys_platform != "win32" and python_version < "3.13") and extra == "gcs-filesystem"
`;

test("the CPU route takes tensorflow-cpu, the GPU route tensorflow, always pinned", () => {
  assert.equal(wheelRequirement("cpu", ""), "tensorflow-cpu");
  assert.equal(wheelRequirement("cpu", "2.21.0"), "tensorflow-cpu==2.21.0");
  assert.equal(wheelRequirement("gpu", ""), "tensorflow==2.21.0");
  assert.equal(wheelRequirement("gpu", "2.20.0"), "tensorflow==2.20.0");
});

test("a wheel's version from its file name, only for its own flavour; cache folders keep the CPU route's old name", () => {
  assert.equal(wheelVersion("cpu", "tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl"), "2.21.0");
  assert.equal(wheelVersion("gpu", "tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl"), "2.21.0");
  assert.equal(wheelVersion("gpu", "tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl"), null);
  assert.equal(wheelVersion("cpu", "tensorflow-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl"), null);
  assert.equal(cacheFolder("cpu", "2.21.0"), "tensorflow-cpu-2.21.0");
  assert.equal(cacheFolder("gpu", "2.21.0"), "tensorflow-2.21.0");
});

test("unpacked: the two libraries and the C API headers, nothing else of the wheel", () => {
  const entries = [
    "tensorflow/libtensorflow_cc.so.2",
    "tensorflow/libtensorflow_framework.so.2",
    "tensorflow/include/tensorflow/c/c_api.h",
    "tensorflow/include/tensorflow/c/eager/c_api.h",
    "tensorflow/include/tensorflow/core/platform/ctstring.h",
    "tensorflow/include/tsl/platform/ctstring_internal.h",
    "tensorflow/include/xla/tsl/c/tsl_status.h",
    "tensorflow/include/tensorflow/core/framework/tensor.h",
    "tensorflow/python/_pywrap_tensorflow_internal.so",
    "tensorflow/include/tensorflow/c/",
  ];
  assert.deepEqual(unpackPlan(entries), {
    "tensorflow/libtensorflow_cc.so.2": "lib/libtensorflow_cc.so.2",
    "tensorflow/libtensorflow_framework.so.2": "lib/libtensorflow_framework.so.2",
    "tensorflow/include/tensorflow/c/c_api.h": "include/tensorflow/c/c_api.h",
    "tensorflow/include/tensorflow/c/eager/c_api.h": "include/tensorflow/c/eager/c_api.h",
    "tensorflow/include/tensorflow/core/platform/ctstring.h": "include/tensorflow/core/platform/ctstring.h",
    "tensorflow/include/tsl/platform/ctstring_internal.h": "include/tsl/platform/ctstring_internal.h",
    "tensorflow/include/xla/tsl/c/tsl_status.h": "include/xla/tsl/c/tsl_status.h",
  });
});

test("the and-cuda extra: each nvidia wheel at the lowest version TensorFlow accepts", () => {
  assert.deepEqual(cudaRequirements(METADATA), [
    { project: "nvidia-cublas-cu12", minimum: "12.5.3.2" },
    { project: "nvidia-cuda-nvcc-cu12", minimum: "12.5.82" },
    { project: "nvidia-cuda-runtime-cu12", minimum: "12.5.82" },
    { project: "nvidia-cudnn-cu12", minimum: "9.3.0.75" },
    { project: "nvidia-nccl-cu12", minimum: "2.27.7" },
  ]);
  assert.deepEqual(cudaRequirements("Name: tensorflow-cpu\nVersion: 2.9.1\n"), []);
});
