// The subscribers of `pnpm bench:api`, in a worker thread: plain JavaScript, so it needs no
// TypeScript loader. Each subscriber is its own typed client with its own WebSocket.
import { parentPort, workerData } from "node:worker_threads";

const { url, token, runId, subscribers, total, stamps, trpcClient, ws } = workerData;
const { createTRPCClient, createWSClient, wsLink } = await import(trpcClient);
const WebSocket = (await import(ws)).default;
const now = () => performance.timeOrigin + performance.now();

const counts = new Array(subscribers).fill(0);
const fromCreation = new Float64Array(subscribers * total);
const fromPublish = new Float64Array(subscribers * total);
let recorded = 0;
let duplicates = 0;
let outOfOrder = 0;
let started = 0;
let lastData = 0;

for (let s = 0; s < subscribers; s++) {
  const client = createWSClient({ url: `${url.replace(/^http/, "ws")}/trpc`, WebSocket, connectionParams: { token } });
  const api = createTRPCClient({ links: [wsLink({ client })] });
  const seen = new Uint8Array(total);
  let lastId = 0;
  api.runs.onMetrics.subscribe(
    { id: runId },
    {
      onStarted: () => {
        if (++started === subscribers) parentPort.postMessage({ type: "ready" });
      },
      // A batch in columns (MetricColumns): the point's sequence number is its step, its value
      // the time it was created.
      onData: ({ data: { id, step, value } }) => {
        const t = now();
        lastData = t;
        for (let i = 0; i < id.length; i++) {
          if (seen[step[i]]) duplicates++;
          seen[step[i]] = 1;
          if (id[i] <= lastId) outOfOrder++;
          lastId = id[i];
          counts[s]++;
          fromCreation[recorded] = t - value[i];
          fromPublish[recorded] = t - stamps[step[i]];
          recorded++;
        }
      },
      onError: (error) => parentPort.postMessage({ type: "error", message: String(error) }),
    },
  );
}

const check = setInterval(() => {
  const complete = counts.every((n) => n >= total);
  const stalled = lastData > 0 && now() - lastData > 10_000;
  if (!complete && !stalled) return;
  clearInterval(check);
  const creation = fromCreation.slice(0, recorded).buffer;
  const publish = fromPublish.slice(0, recorded).buffer;
  parentPort.postMessage({ type: "done", counts, duplicates, outOfOrder, fromCreation: creation, fromPublish: publish }, [creation, publish]);
}, 200);
