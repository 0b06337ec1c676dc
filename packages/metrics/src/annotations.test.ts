import assert from "node:assert/strict";
import { test } from "node:test";
import { ANNOTATION_LIMITS, parseTags, tagsProblem } from "./annotations.ts";

test("tags typed in one box are split, lowercased and kept once, in order", () => {
  assert.deepEqual(parseTags(" Figure-1, baseline  figure-1,,sweep "), ["figure-1", "baseline", "sweep"]);
  assert.deepEqual(parseTags(" , "), []);
});

test("a list of tags is refused for its count first, then for its first bad tag", () => {
  assert.equal(tagsProblem(["figure-1", "baseline"]), null);
  assert.equal(tagsProblem([]), null);
  const tooMany = Array.from({ length: ANNOTATION_LIMITS.tags + 2 }, (_, i) => `t${i}`);
  assert.equal(tagsProblem(tooMany), `At most ${ANNOTATION_LIMITS.tags} tags; drop 2.`);
  assert.match(tagsProblem(["ok", "not_a_slug", "x".repeat(50)]) ?? "", /The tag "not_a_slug" is not a slug/);
});
