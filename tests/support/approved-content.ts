/**
 * Test fixture: content/ as shipped, plus an approvals file that records an approval of the
 * platform's course under every rule. The tests of the status machinery (a pass makes a worker
 * compliant, renewals, counters, the council's figures) need a course that counts somewhere;
 * the shipped course meets no rule by itself yet (ADR 014), and the approval path is the real
 * one the product uses when a state approves the course. Tests of what the law accepts as
 * shipped (tests/integration/outside-training.test.ts, tests/unit/policies.test.ts) read
 * content/ itself. Never used outside the tests.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";

// One fresh copy per process, made on first use and removed when the process exits. (A copy
// named by the process id alone was once reused by a later run whose process got the same id,
// so that run tested an older content/.)
let copied: string | undefined;

export function approvedContentDir(): string {
  if (copied && fs.existsSync(path.join(copied, "approvals.yaml"))) return copied;
  const src = path.resolve("content");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-approved-content-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(src, dir, { recursive: true });
  const rules = fs.readdirSync(path.join(src, "policies")).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/\.yaml$/, ""));
  const approvals = rules.map((rule) => ({
    course: "recognize-and-respond",
    rule,
    by: "Test fixture (not a real approval)",
    reference: `TEST-${rule}`,
    grantedOn: "2020-01-01",
    expiresOn: null,
    url: "https://example.org/test-fixture",
  }));
  fs.writeFileSync(path.join(dir, "approvals.yaml"), YAML.stringify({ approvals }));
  copied = dir;
  return dir;
}
