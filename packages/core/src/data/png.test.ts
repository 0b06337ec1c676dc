import assert from "node:assert/strict";
import { test } from "node:test";
import { decodePng } from "./png.ts";
import { encodePng, patternImage } from "./test-fixtures.ts";

test("8-bit RGB PNGs decode exactly through all five row filters", () => {
  const rgb = patternImage(3);
  const image = decodePng(encodePng(32, 32, 2, rgb));
  assert.deepEqual([image.width, image.height], [32, 32]);
  assert.deepEqual(image.rgb, rgb);
});

test("grey, grey+alpha, palette and RGBA PNGs become RGB", () => {
  const grey = Uint8Array.from({ length: 6 * 5 }, (_, i) => i * 8);
  assert.deepEqual(decodePng(encodePng(6, 5, 0, grey)).rgb, Uint8Array.from([...grey].flatMap((g) => [g, g, g])));
  const greyAlpha = Uint8Array.from([...grey].flatMap((g) => [g, 255 - g]));
  assert.deepEqual(decodePng(encodePng(6, 5, 4, greyAlpha)).rgb, Uint8Array.from([...grey].flatMap((g) => [g, g, g])));
  const palette = Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90]);
  const indexed = Uint8Array.from({ length: 4 * 4 }, (_, i) => i % 3);
  assert.deepEqual(
    decodePng(encodePng(4, 4, 3, indexed, palette)).rgb,
    Uint8Array.from([...indexed].flatMap((k) => [...palette.subarray(3 * k, 3 * k + 3)])),
  );
  const rgba = Uint8Array.from({ length: 3 * 3 * 4 }, (_, i) => (i * 29) & 0xff);
  assert.deepEqual(
    decodePng(encodePng(3, 3, 6, rgba)).rgb,
    Uint8Array.from({ length: 27 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)]!),
  );
});

test("unsupported or damaged PNGs throw a message that says why", () => {
  const good = encodePng(4, 4, 2, new Uint8Array(48));
  assert.throws(() => decodePng(new Uint8Array([1, 2, 3])), /not a PNG file/);
  const sixteen = Uint8Array.from(good);
  sixteen[24] = 16; // IHDR bit depth
  assert.throws(() => decodePng(sixteen), /bit depth 16/);
  const interlaced = Uint8Array.from(good);
  interlaced[28] = 1;
  assert.throws(() => decodePng(interlaced), /interlaced/);
  assert.throws(() => decodePng(good.subarray(0, good.length - 20)));
});
