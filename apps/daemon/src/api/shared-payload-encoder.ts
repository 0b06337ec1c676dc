import type { Encoder } from "@trpc/server/adapters/ws";

// Stands in for a payload while its envelope is serialized; JSON escapes the NULs, so no
// payload, id or error text of ours serializes to the same characters.
const SLOT = "\u0000minima-payload\u0000";
const SLOT_JSON = JSON.stringify(SLOT);

const shared = new WeakSet<object>();

/**
 * Marks an object a procedure yields unchanged to many subscribers (runs.onMetrics hands every
 * watcher of a run the same batch): the WebSocket encoder then serializes it once for all.
 */
export function sharedPayload<T extends object>(value: T): T {
  shared.add(value);
  return value;
}

type Envelope = { [key: string]: unknown };
const isObject = (value: unknown): value is Envelope => typeof value === "object" && value !== null;

/** `message` with its shared payload (in `result.data`, or `result.data.data` once tracked) swapped out. */
function swapPayload(message: unknown): { envelope: Envelope; payload: object } | null {
  const result = isObject(message) ? message.result : undefined;
  if (!isObject(result) || result.type !== "data" || !isObject(result.data)) return null;
  // Spreading keeps the keys' order, so the envelope serializes as the message would.
  if (shared.has(result.data)) return { envelope: { ...message as Envelope, result: { ...result, data: SLOT } }, payload: result.data };
  const inner = result.data.data;
  if (isObject(inner) && shared.has(inner)) {
    return { envelope: { ...message as Envelope, result: { ...result, data: { ...result.data, data: SLOT } } }, payload: inner };
  }
  return null;
}

/**
 * tRPC's WebSocket wire format (JSON), with each payload marked by `sharedPayload` serialized
 * once however many clients it goes to: the envelope (the client's request id, the tracked id)
 * differs per client, the payload does not. A hundred watchers of a fast run then cost one
 * `JSON.stringify` of each batch instead of a hundred (bench:api). The bytes are exactly what
 * JSON.stringify of the whole message gives.
 */
export function sharedPayloadEncoder(): Encoder {
  const serialized = new WeakMap<object, string>();
  return {
    encode(message) {
      const swapped = swapPayload(message);
      if (!swapped) return JSON.stringify(message);
      let payload = serialized.get(swapped.payload);
      if (payload === undefined) {
        payload = JSON.stringify(swapped.payload);
        serialized.set(swapped.payload, payload);
      }
      const envelope = JSON.stringify(swapped.envelope);
      // The payload comes after the ids in the envelope: a hostile client id equal to SLOT precedes it.
      const at = envelope.lastIndexOf(SLOT_JSON);
      return envelope.slice(0, at) + payload + envelope.slice(at + SLOT_JSON.length);
    },
    decode(data) {
      if (typeof data !== "string") throw new Error("The daemon's WebSocket speaks JSON in text frames; binary frames are not understood.");
      return JSON.parse(data) as unknown;
    },
  };
}
