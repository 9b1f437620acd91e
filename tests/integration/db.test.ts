import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSQLiteDrizzleJson, generateSQLiteMigration } from "drizzle-kit/api";
import * as schema from "#db/schema.ts";
import { startTestApp } from "#tests/support/harness.ts";

describe("database start-up", () => {
  beforeAll(async () => {
    await startTestApp({ seed: false });
  });

  it("runs with WAL, foreign keys, a busy timeout and synchronous=FULL", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const sqlite = getDb().$client;
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2);
  });

  it("applies every committed migration", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const journal = JSON.parse(fs.readFileSync("db/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };
    const applied = getDb().$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
  });

  it("enforces foreign keys", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    expect(() =>
      getDb()
        .$client.prepare("INSERT INTO employments (id, user_id, employer_id, job_role, started_at) VALUES ('x', 'nope', 'nope', 'housekeeping', 0)")
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it("has no drift between db/schema.ts and the committed migrations", async () => {
    const dir = "db/migrations/meta";
    const snapshots = fs.readdirSync(dir).filter((f) => f.endsWith("_snapshot.json")).sort();
    const last = JSON.parse(fs.readFileSync(path.join(dir, snapshots.at(-1)!), "utf8"));
    const current = await generateSQLiteDrizzleJson(schema as Record<string, unknown>);
    const statements = await generateSQLiteMigration(last, current);
    expect(statements, "run `npm run db:generate` and commit the migration").toEqual([]);
  });
});
