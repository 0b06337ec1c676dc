// The typed client as a script uses it, run in a child process so that NODE_EXTRA_CA_CERTS (read
// once, at Node's start) decides whether it trusts the daemon's certificate: creates an experiment,
// queries, and waits for one runs.onEvent update over the WebSocket. Prints one JSON line.
// Usage: MINIMA_URL=https://… MINIMA_TOKEN=… node --import tsx test/https-client.ts
import { createMinimaClient } from "../src/client/index.ts";

const client = createMinimaClient({ url: process.env.MINIMA_URL!, token: process.env.MINIMA_TOKEN! });
try {
  const version = await client.api.system.version.query();
  const { id } = await client.api.experiments.create.mutate({ preset: "figure1-toy", options: { epochScale: 0.001 } });
  const update = await new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no runs.onEvent update within 20 s")), 20_000);
    const subscription = client.api.runs.onEvent.subscribe(
      { lastEventId: "0" },
      {
        onData: (event) => {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(event);
        },
        onError: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      },
    );
  });
  console.log(JSON.stringify({ version, experimentId: id, update }));
} catch (error) {
  const cause = (error as { cause?: { cause?: { code?: string } } }).cause?.cause?.code;
  console.error(`https-client: ${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ""}`);
  process.exitCode = 1;
} finally {
  await client.close();
}
