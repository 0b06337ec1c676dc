import * as tf from "@tensorflow/tfjs";

/**
 * tfjs keeps every tensor of a backward pass until the pass ends: each tape node's saved inputs
 * and outputs, and the gradient flowing into every intermediate tensor. PyTorch frees both as
 * soon as the node's backward has run, and that is most of the difference in peak memory (tfjs
 * held the whole forward's activations plus every gradient at ResNet18's peak).
 *
 * Inside `withEagerGradientDisposal`, each tape node recorded by the gradient pass frees them
 * too: when the backward pass moves on to the next node, the node before it drops its saved
 * tensors (its own clones, which no other node reads) and its outputs' gradients (read by no
 * node but this one). That gradient is safe to free only when no caller holds it: true of a
 * training step, whose seed is the engine's ones for the scalar loss, so Sgd.minimize opens the
 * scope. Nothing a gradient returns is freed, whatever it aliases.
 *
 * tfjs has no public hook for this: the engine's `addTapeNode`, which builds each node's gradient
 * closure, is wrapped (once, by initEngine). A tfjs without it keeps its own behaviour, with a warning.
 */
let depth = 0;

export function withEagerGradientDisposal<T>(f: () => T): T {
  depth++;
  try {
    return f();
  } finally {
    depth--;
    releasePending();
  }
}

interface TapeNode {
  saved?: tf.Tensor[];
  gradient?: (dys: Array<tf.Tensor | null>) => Record<string, () => tf.Tensor>;
}

interface TapeEngine {
  addTapeNode?: (...args: unknown[]) => void;
  state: { activeTape: TapeNode[] | null };
}

/** What the node that last ran its gradient may free once every input's gradient is made. */
let pending: { tensors: tf.Tensor[]; returned: Set<tf.Tensor> } | null = null;

function releasePending(): void {
  if (!pending) return;
  const { tensors, returned } = pending;
  pending = null;
  for (const tensor of tensors) if (!returned.has(tensor)) tensor.dispose();
}

let installed = false;

/** Makes tape nodes recorded inside `withEagerGradientDisposal` free their tensors as the backward pass goes. */
export function installEagerGradientDisposal(): void {
  if (installed) return;
  const engine = tf.engine() as unknown as TapeEngine;
  const addTapeNode = engine.addTapeNode;
  installed = true;
  if (typeof addTapeNode !== "function") {
    console.warn(`tfjs ${tf.version.tfjs} has no engine.addTapeNode: the backward pass keeps every tensor until it ends (more peak memory, same results).`);
    return;
  }
  engine.addTapeNode = function (this: TapeEngine, ...args: unknown[]) {
    addTapeNode.apply(this, args);
    if (depth === 0) return;
    const node = this.state.activeTape?.at(-1);
    const gradient = node?.gradient;
    if (!node || !gradient) return;
    node.gradient = (dys) => {
      // The backward pass has moved on: every input's gradient of the node before is made.
      releasePending();
      const grads = gradient(dys);
      const returned = new Set<tf.Tensor>();
      // An output off the gradient's path has no dy (null; the engine passes zeros made for it).
      pending = { tensors: [...(node.saved ?? []), ...dys.filter((dy) => dy != null)], returned };
      const wrapped: Record<string, () => tf.Tensor> = {};
      for (const [input, grad] of Object.entries(grads)) {
        wrapped[input] = () => {
          const dx = grad();
          returned.add(dx);
          return dx;
        };
      }
      return wrapped;
    };
  };
}
