import { fromColumns, isFinished, type MetricPoint, type MetricRow, type RunStatus } from "@minima/metrics";
import type { MinimaClient } from "../../client/index.ts";
import type { Command } from "../command.ts";
import { CONNECTION_HELP, CONNECTION_OPTIONS, idArgument, withClient } from "./connection.ts";
import { renderWatch, type WatchState } from "./curve-view.ts";

export const watchCommand: Command = {
  name: "watch",
  usage: `Usage: minima watch RUN_ID [options]

  Streams the run's points over the daemon's WebSocket (runs.onMetrics) and redraws a progress
  bar and a sparkline of train and test accuracy per epoch. On a terminal the view updates in
  place; piped, one line per epoch. Exits 0 when the run succeeds, 1 when it fails, is cancelled
  or blocked.
${CONNECTION_HELP}`,
  options: { ...CONNECTION_OPTIONS },
  positionals: { min: 1, max: 1 },
  run: (values, positionals) => {
    const id = idArgument("watch", "run", positionals);
    if (!id) return Promise.resolve(2);
    return withClient("watch", values, (client) => watchRun(client, id));
  },
};

/** A run stops changing once finished, or blocked behind a failed dependency. */
const settled = (status: RunStatus) => isFinished(status) || status === "blocked";

async function watchRun({ api }: MinimaClient, id: string): Promise<number> {
  const run = await api.runs.get.query({ id });
  const state: WatchState & { points: MetricRow[] } = { runId: id, title: run.title, status: run.status, epoch: run.epoch, epochs: run.epochs, points: [] };
  const view = new View(process.stdout);
  return new Promise<number>((resolve, reject) => {
    let done = false;
    const finish = async () => {
      if (done) return;
      done = true;
      metrics.unsubscribe();
      events.unsubscribe();
      process.off("SIGINT", interrupt);
      // The stored points are the whole curve, whatever the stream delivered before the end.
      const [final, points] = await Promise.all([api.runs.get.query({ id }), api.runs.metrics.query({ id })]);
      Object.assign(state, { status: final.status, epoch: final.epoch, points });
      view.draw(state, true);
      if (final.error) console.error(`error: ${final.error}`);
      resolve(final.status === "succeeded" ? 0 : 1);
    };
    const check = () => {
      // Event backlogs can hold an earlier attempt's end: the run's own record decides.
      api.runs.get.query({ id }).then((now) => {
        Object.assign(state, { status: now.status, epoch: now.epoch, epochs: now.epochs });
        if (settled(now.status)) return finish();
        view.draw(state, false);
      }, fail);
    };
    const fail = (error: unknown) => {
      if (done) return;
      done = true;
      metrics.unsubscribe();
      events.unsubscribe();
      process.off("SIGINT", interrupt);
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const interrupt = () => {
      done = true;
      metrics.unsubscribe();
      events.unsubscribe();
      resolve(130);
    };
    process.once("SIGINT", interrupt);
    const metrics = api.runs.onMetrics.subscribe(
      { id },
      {
        onData: ({ data }) => {
          state.points.push(...fromColumns(data));
          for (const epoch of data.epoch) state.epoch = Math.max(state.epoch, epoch);
          view.draw(state, false);
        },
        onError: fail,
      },
    );
    const events = api.runs.onEvent.subscribe(
      {},
      {
        onStarted: check,
        onData: ({ data }) => {
          if (data.runId !== id) return;
          if (settled(data.status)) check();
          else {
            Object.assign(state, { status: data.status, epoch: Math.max(state.epoch, data.epoch) });
            view.draw(state, false);
          }
        },
        onError: fail,
      },
    );
  });
}

/** Redraws in place on a terminal (at most 10 times a second); piped, prints a line per finished epoch. */
class View {
  private drawn = 0;
  private lastDraw = 0;
  /** Piped: how many points have been printed as finished epochs. */
  private printed = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  draw(state: WatchState, final: boolean): void {
    const lines = renderWatch(state, this.out.columns || 80);
    if (this.out.isTTY) {
      const now = Date.now();
      if (!final && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      this.out.write(`${this.drawn > 0 ? `\x1b[${this.drawn}F\x1b[J` : ""}${lines.join("\n")}\n`);
      this.drawn = lines.length;
    } else if (final) {
      this.out.write(`${lines.join("\n")}\n`);
    } else {
      // A batch of points can finish several epochs: an epoch is done once a later one has begun.
      const points = state.points;
      let start = this.printed;
      for (let i = start + 1; i < points.length; i++) {
        const first = points[start]!;
        if (points[i]!.epoch === first.epoch && points[i]!.phase === first.phase) continue;
        this.out.write(`${epochLine(first.phase, first.epoch, state.epochs, points.slice(start, i))}\n`);
        start = i;
      }
      this.printed = start;
    }
  }
}

function epochLine(phase: string, epoch: number, epochs: number, points: readonly MetricPoint[]): string {
  const latest = new Map(points.map((p) => [p.name, p.value]));
  const values = [...latest].map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toFixed(4)}`);
  return `${phase} epoch ${epoch}/${epochs}: ${values.join(", ")}`;
}
