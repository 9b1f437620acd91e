/**
 * The browser bundle must hold no server code: a route that imports a Node module or a
 * server-only library at the top level breaks client navigation to it ("Error loading
 * route module", then a reload loop). Reads the production build (vitest's global setup
 * builds it when stale).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = path.resolve("build/client/assets");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".js"));

describe("client bundle", () => {
  it("has route modules", () => {
    expect(files.some((f) => f.startsWith("employer.import-"))).toBe(true);
  });

  it.each([
    ["a node: import", /from\s*["']node:|import\(["']node:/],
    ["Node's Buffer", /\bBuffer\.(from|alloc|concat|isBuffer)\b/],
    ["the SQLite driver", /better-sqlite3|drizzle-orm/],
    ["the CSV parser or the mailer", /CsvError|csv-parse|nodemailer/],
    ["the PDF renderer", /@react-pdf|fontkit/],
  ])("contains no %s", (_what, pattern) => {
    const offenders = files.filter((f) => pattern.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
