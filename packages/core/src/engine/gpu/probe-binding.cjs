// Loads a tfjs-node binding in its own process (a failed dlopen can abort it), runs a matMul and a
// conv2d (the conv makes libtensorflow load cuDNN), and prints one JSON line: the backend, the
// libtensorflow version, whether TensorFlow placed ops on a GPU, and the CUDA libraries it mapped.
// Run by setup-engine (to check what it built) and by doctor; TensorFlow's own log goes to stderr.
// Usage: node probe-binding.cjs <package>
const fs = require("node:fs");
const pkg = process.argv[2];
const tf = require(pkg);
const x = tf.tensor2d([[1, 2], [3, 4]]);
const sum = tf.matMul(x, x).dataSync().reduce((a, b) => a + b, 0);
tf.conv2d(tf.ones([1, 8, 8, 3]), tf.ones([3, 3, 3, 4]), 1, "same").dataSync();
let maps = "";
try {
  maps = fs.readFileSync("/proc/self/maps", "utf8").split("\n").filter((l) => /\/lib(cuda|cudart|cublas|cudnn|cufft|cusolver|cusparse|nccl|nvJitLink)/.test(l)).join("\n");
} catch {
  // Not Linux: no mapped libraries to report.
}
process.stdout.write(
  "\n" +
    JSON.stringify({
      backend: tf.getBackend(),
      libtensorflow: tf.backend().binding?.TF_Version ?? null,
      gpu: tf.backend().isUsingGpuDevice === true,
      sum,
      maps,
    }) +
    "\n",
);
