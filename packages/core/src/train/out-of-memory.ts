import { TrainingError } from "../toy/train-toy.ts";

// TensorFlow's RESOURCE_EXHAUSTED ("OOM when allocating tensor with shape[…]"), V8's failed
// ArrayBuffer allocation (tfjs-node builds a tensor's bytes in JS first), the C++ allocator.
const OUT_OF_MEMORY = /\bOOM when allocating\b|RESOURCE_EXHAUSTED|out of memory|Array buffer allocation failed|std::bad_alloc|Cannot allocate memory/i;

export function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && OUT_OF_MEMORY.test(error.message);
}

export interface MemoryContext {
  model: string;
  width: number;
  batchSize: number;
  backend: string;
}

/**
 * An out-of-memory failure as an error the user can act on; any other error unchanged. The first
 * line of the engine's message is kept: it names the tensor shape that did not fit.
 */
export function explainOutOfMemory(error: unknown, context: MemoryContext): unknown {
  if (!isOutOfMemory(error)) return error;
  const detail = (error as Error).message.replace(/^Invalid TF_Status: \d+\s*Message:\s*/, "").split("\n")[0]!.trim();
  return new TrainingError(
    `Out of memory training ${context.model} (width ${context.width}) at batch size ${context.batchSize} on the ${context.backend} backend: ${detail}. ` +
      "Lower the batch size or the model width, or run fewer runs at once on this device (the daemon's --concurrency).",
  );
}
