/** stderr lines libtensorflow prints whenever oneDNN is on (onednn.ts), at any TF_CPP_MIN_LOG_LEVEL: tf-free, for the processes that read a worker's output. */
export const ONEDNN_BANNER = [/^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/, /port\.cc:\d+\] oneDNN custom operations are on/];
