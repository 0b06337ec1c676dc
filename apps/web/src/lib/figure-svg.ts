import { escapeXml } from "@minima/metrics";
import type { FigureLayout } from "./figure-layout.ts";

/** A legend entry: uPlot's legend is HTML, so an exported figure draws its own. */
export interface FigureLegend {
  label: string;
  color: string;
}

const TEXT = "#1d2330";

/**
 * A figure as SVG, laid out as its PNG: the titles and legend as text, each panel's picture as
 * an embedded image (`images[i]`, a data URL of the panel's canvas). Shown at `1 / scale` of the
 * layout's pixels, the panels' on-screen size.
 */
export function figureSvg(title: string, layout: FigureLayout, legend: readonly FigureLegend[], images: readonly string[], scale = 1): string {
  const { fonts } = layout;
  const text = (x: number, y: number, size: number, content: string, weight = "normal") =>
    `<text x="${x}" y="${y + size}" font-size="${size}" font-weight="${weight}" fill="${TEXT}">${escapeXml(content)}</text>`;
  const body: string[] = [text(layout.title.x, layout.title.y, fonts.title, title, "600")];
  if (layout.legend) {
    let x = layout.legend.x;
    for (const entry of legend) {
      body.push(`<rect x="${x}" y="${layout.legend.y + fonts.legend * 0.2}" width="${fonts.legend}" height="${fonts.legend * 0.6}" fill="${escapeXml(entry.color)}"/>`);
      x += fonts.legend * 1.3;
      body.push(text(x, layout.legend.y, fonts.legend, entry.label));
      // No text metrics here: about 0.6 em a character, then a gap.
      x += entry.label.length * fonts.legend * 0.6 + fonts.legend;
    }
  }
  layout.panels.forEach((panel, i) => {
    body.push(`<g data-panel="${escapeXml(panel.title)}">`);
    body.push(text(panel.titleX, panel.titleY, fonts.panel, panel.title, "600"));
    const href = images[i];
    if (href) body.push(`<image x="${panel.x}" y="${panel.y}" width="${panel.width}" height="${panel.height}" href="${escapeXml(href)}"/>`);
    body.push("</g>");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width / scale}" height="${layout.height / scale}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="system-ui, sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${layout.width}" height="${layout.height}" fill="#ffffff"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
