import assert from "node:assert/strict";
import { test } from "node:test";
import { resumeId } from "./input-schemas.ts";

test("a resume id is decimal digits a JS number holds exactly, or absent", () => {
  for (const ok of ["0", "1", "42", String(Number.MAX_SAFE_INTEGER), null, undefined]) assert.equal(resumeId.safeParse(ok).success, true, String(ok));
  const refused = [String(Number.MAX_SAFE_INTEGER + 1), "9223372036854775808", "99999999999999999999999", "00000000000000001", "", "-1", "1e3", "0x10", " 1", "1.5", "٣", 5];
  for (const bad of refused) assert.equal(resumeId.safeParse(bad).success, false, JSON.stringify(bad));
  const issue = resumeId.safeParse("99999999999999999999999").error!.issues;
  assert.equal(issue.length, 1, "one message, not one per check");
  assert.match(issue[0]!.message, /decimal digits, at most 9007199254740991; omit it to start from the beginning/);
});
