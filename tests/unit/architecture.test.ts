/**
 * Folders mean what they say (ADR 019): the import graph has no cycle, app/domain does no
 * I/O, routes hold no SQL, components stay browser-safe, models do not reach up. Checked by
 * dependency-cruiser over app/ and db/ with the rules in tests/support/dependency-rules.cjs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

type Violation = { from: string; to: string; rule: { name: string }; cycle?: { name: string }[] };

function cruise(args: string[]) {
  const bin = path.resolve("node_modules/.bin/depcruise");
  const res = spawnSync(bin, [...args, "--config", "tests/support/dependency-rules.cjs", "--output-type", "json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const out = JSON.parse(res.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
  return out.summary;
}

describe("the import graph", () => {
  it("breaks none of the folder rules and has no cycle", () => {
    const summary = cruise(["app", "db"]);
    expect(summary.totalCruised).toBeGreaterThan(150);
    const lines = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(" → ")})` : ""}`);
    expect(lines).toEqual([]);
  }, 60_000);

  it("would catch a domain module that reads the database, a cycle, and a PDF layout loaded outside the PDF thread", () => {
    const dir = fs.mkdtempSync(path.join("app", "domain", ".arch-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), 'import { getDb } from "#app/utils/db.server.ts";\nimport { b } from "./b.ts";\nexport const a = () => [getDb, b];\n');
      fs.writeFileSync(path.join(dir, "b.ts"), 'import { a } from "./a.ts";\nexport const b = () => a;\n');
      // As app/routes/learn.card[.png].ts once did: a constant taken from a react-pdf document.
      fs.writeFileSync(path.join(dir, "c.ts"), 'import { WALLET_CARD } from "#app/pdf/card.server.tsx";\nexport const c = WALLET_CARD.width;\n');
      fs.writeFileSync(path.join(dir, "d.ts"), 'import type { CardData } from "#app/pdf/card.server.tsx";\nexport const d = (x: CardData) => x;\n');
      const violations = cruise([dir]).violations;
      const names = violations.map((v) => v.rule.name);
      const pdf = violations.filter((v) => v.rule.name === "pdf-layout-only-in-the-pdf-thread").map((v) => path.basename(v.from));
      expect(pdf).toEqual(["c.ts"]);
      expect(names).toContain("domain-is-pure");
      expect(names).toContain("no-cycles");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("decision records", () => {
  it("each carries a date and a status under its title, and names what supersedes it", () => {
    const dir = "docs/decisions";
    const files = fs.readdirSync(dir).filter((f) => /^\d{3}-.*\.md$/.test(f));
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) {
      const [title, , line] = fs.readFileSync(path.join(dir, f), "utf8").split("\n");
      expect(title, f).toMatch(new RegExp(`^# ${f.slice(0, 3)} — `));
      expect(line, f).toMatch(/^Date: \d{4}-\d{2}-\d{2}\. Status: (accepted|superseded)/);
    }
  });
});
