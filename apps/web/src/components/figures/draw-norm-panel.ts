import { CHECKPOINTS } from "@minima/metrics";
import { normTickLabel, type NormPanel } from "../../lib/norm-plot.ts";
import { PALETTE } from "./palette.ts";

export const NORM_CANVAS = { width: 360, height: 250 } as const;
const M = { left: 64, right: 12, top: 12, bottom: 44 };
const INIT_COLOR = { random: PALETTE[0], adversarial: PALETTE[1] };

/**
 * One norm of Figure 5 on a canvas: the six checkpoints on x (random init's three, then the
 * adversarial init's), a dot at the mean over seeds and a whisker from min to max. Drawn at the
 * device's pixel ratio so it is sharp, and so the PNG export has the same resolution.
 */
export function drawNormPanel(canvas: HTMLCanvasElement, panel: NormPanel, log: boolean): void {
  const ratio = window.devicePixelRatio || 1;
  const { width, height } = NORM_CANVAS;
  canvas.width = width * ratio;
  canvas.height = height * ratio;
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const plotW = width - M.left - M.right;
  const plotH = height - M.top - M.bottom;
  const y = (v: number) => M.top + plotH * (1 - (v - panel.lo) / (panel.hi - panel.lo));
  const x = (i: number) => M.left + (plotW * (i + 0.5 + (i >= 3 ? 0.5 : 0))) / (CHECKPOINTS.length + 0.5);

  ctx.font = "11px system-ui, sans-serif";
  ctx.strokeStyle = "#dde1e7";
  ctx.fillStyle = "#667085";
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const tick of panel.ticks) {
    ctx.beginPath();
    ctx.moveTo(M.left, y(tick));
    ctx.lineTo(width - M.right, y(tick));
    ctx.stroke();
    ctx.fillText(normTickLabel(tick, log), M.left - 6, y(tick));
  }
  ctx.strokeStyle = "#98a2b3";
  ctx.strokeRect(M.left, M.top, plotW, plotH);

  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  CHECKPOINTS.forEach((c, i) => ctx.fillText(`W${c[1]}`, x(i), height - M.bottom + 6));
  ctx.fillStyle = INIT_COLOR.random;
  ctx.fillText("random init", (x(0) + x(2)) / 2, height - M.bottom + 22);
  ctx.fillStyle = INIT_COLOR.adversarial;
  ctx.fillText("adversarial init", (x(3) + x(5)) / 2, height - M.bottom + 22);

  for (const p of panel.points) {
    const at = x(CHECKPOINTS.indexOf(p.checkpoint));
    const color = INIT_COLOR[p.init];
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(at, y(p.min));
    ctx.lineTo(at, y(p.max));
    for (const v of [p.min, p.max]) {
      ctx.moveTo(at - 5, y(v));
      ctx.lineTo(at + 5, y(v));
    }
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(at, y(p.mean), 4, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.lineWidth = 1;
}
