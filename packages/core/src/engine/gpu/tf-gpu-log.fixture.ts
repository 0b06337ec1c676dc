// libtensorflow's log lines as TensorFlow 2.x prints them (TF_CPP_MIN_LOG_LEVEL=0): a GPU
// registered, cuDNN loaded at the first conv, and a host whose cuDNN is missing.
export const H100_REGISTERED = `2026-03-10 12:00:00.101: I external/local_xla/xla/stream_executor/cuda/cuda_executor.cc:1015] successful NUMA node read from SysFS had negative value (-1)
2026-03-10 12:00:00.123: I tensorflow/core/common_runtime/gpu/gpu_device.cc:2021] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 79078 MB memory:  -> device: 0, name: NVIDIA H100 80GB HBM3, pci bus id: 0000:19:00.0, compute capability: 9.0
2026-03-10 12:00:00.124: I tensorflow/core/common_runtime/gpu/gpu_device.cc:2021] Created device /job:localhost/replica:0/task:0/device:GPU:1 with 22259 MB memory:  -> device: 1, name: NVIDIA L4, pci bus id: 0000:3b:00.0, compute capability: 8.9
2026-03-10 12:00:01.500: I external/local_xla/xla/stream_executor/cuda/cuda_dnn.cc:473] Loaded cuDNN version 90300
`;

export const CUDNN_MISSING = `2026-03-10 12:00:00.050: W external/local_tsl/tsl/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.9'; dlerror: libcudnn.so.9: cannot open shared object file: No such file or directory; LD_LIBRARY_PATH: /usr/local/nvidia/lib64
2026-03-10 12:00:00.051: W external/local_tsl/tsl/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.9'; dlerror: libcudnn.so.9: cannot open shared object file: No such file or directory; LD_LIBRARY_PATH: /usr/local/nvidia/lib64
2026-03-10 12:00:00.060: W tensorflow/core/common_runtime/gpu/gpu_device.cc:2343] Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed properly if you would like to use GPU. Follow the guide at https://www.tensorflow.org/install/gpu for how to download and setup the required libraries for your platform.
Skipping registering GPU devices...
`;

/** /proc/self/maps lines of a process that loaded the pip wheels' CUDA libraries (and the driver's libcuda). */
export const PIP_MAPS = `7f1c2a000000-7f1c2a200000 r--p 00000000 08:01 1234567                    /home/lab/.cache/minima/libtensorflow/cuda12-12.5.3.2_12.5.82/nvidia/cuda_runtime/lib/libcudart.so.12
7f1c2a200000-7f1c2a400000 r-xp 00200000 08:01 1234567                    /home/lab/.cache/minima/libtensorflow/cuda12-12.5.3.2_12.5.82/nvidia/cuda_runtime/lib/libcudart.so.12
7f1c2b000000-7f1c2b200000 r--p 00000000 08:01 1234570                    /home/lab/.cache/minima/libtensorflow/cuda12-12.5.3.2_12.5.82/nvidia/cudnn/lib/libcudnn.so.9
7f1c2c000000-7f1c2c200000 r--p 00000000 08:01 1234580                    /usr/lib/x86_64-linux-gnu/libcuda.so.570.86.15
`;

/** The same from an installed toolkit, whose files carry their full versions. */
export const TOOLKIT_MAPS = `7f1c2a000000-7f1c2a200000 r--p 00000000 08:01 1234567                    /usr/local/cuda-12.4/targets/x86_64-linux/lib/libcudart.so.12.4.127
7f1c2b000000-7f1c2b200000 r--p 00000000 08:01 1234570                    /usr/lib/x86_64-linux-gnu/libcudnn.so.9.1.0
7f1c2b000000-7f1c2b200000 r--p 00000000 08:01 1234571                    /usr/local/cuda-12.4/targets/x86_64-linux/lib/libcublasLt.so.12.4.5.8
`;
