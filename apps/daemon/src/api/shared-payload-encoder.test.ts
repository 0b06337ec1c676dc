import assert from "node:assert/strict";
import { test } from "node:test";
import { sharedPayload, sharedPayloadEncoder } from "./shared-payload-encoder.ts";

test("encodes exactly what JSON.stringify gives, for shared and other payloads, errors and control messages", () => {
  const encoder = sharedPayloadEncoder();
  const data = sharedPayload({ id: [1, 2], value: [0.5, 1e-9], series: [{ phase: "train", name: "step_loss" }], note: 'quotes " and \\ and \u0000' });
  const messages = [
    { id: 3, jsonrpc: "2.0", result: { type: "data", data } },
    { id: 3, jsonrpc: "2.0", result: { type: "data", data: { id: "42", data } } },
    { id: "\u0000minima-payload\u0000", result: { type: "data", data: { id: "43", data } } },
    { id: 4, result: { type: "data", data: { id: "44", data: { not: "shared" } } } },
    { id: 4, result: { type: "data", data: "a string payload" } },
    { id: 5, result: { type: "started" } },
    { id: 6, error: { message: "FORBIDDEN", code: -32003, data: { code: "FORBIDDEN" } } },
    { method: "reconnect", id: null },
    { id: 7, result: { type: "data", data: null } },
  ];
  for (const message of messages) assert.equal(encoder.encode(message), JSON.stringify(message));
});

test("a shared payload is serialized once for every client it goes to, tracked or not", () => {
  const encoder = sharedPayloadEncoder();
  let serializations = 0;
  const data = sharedPayload({ toJSON: () => (serializations++, { rows: [1, 2, 3] }) });
  const wire = Array.from({ length: 100 }, (_, client) => encoder.encode({ id: client, result: { type: "data", data: { id: "9", data } } }));
  encoder.encode({ id: 100, result: { type: "data", data } });
  assert.equal(serializations, 1);
  assert.deepEqual(JSON.parse(wire[57] as string), { id: 57, result: { type: "data", data: { id: "9", data: { rows: [1, 2, 3] } } } });
});

test("decodes JSON text frames and refuses binary ones", () => {
  const encoder = sharedPayloadEncoder();
  assert.deepEqual(encoder.decode('{"id":1,"method":"subscription"}'), { id: 1, method: "subscription" });
  assert.throws(() => encoder.decode(new Uint8Array([1, 2])), /text frames/);
});
