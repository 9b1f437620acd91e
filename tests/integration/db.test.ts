import fs from "node:fs";
import os from "node:os";
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

  it("commits a quiz's draw without waiting for an fsync, and every other write with FULL", async () => {
    const { getDb, writeTransaction } = await import("#app/utils/db.server.ts");
    const sqlite = getDb().$client;
    const level = () => sqlite.pragma("synchronous", { simple: true });
    // The level the COMMIT runs with is the one set when the transaction runs.
    expect(writeTransaction(() => level(), { synchronous: "NORMAL" })).toBe(1);
    expect(level()).toBe(2);
    expect(writeTransaction(() => level())).toBe(2);
    // Restored when the transaction fails too; inside an enclosing transaction, left alone.
    expect(() =>
      writeTransaction(() => {
        throw new Error("refused");
      }, { synchronous: "NORMAL" }),
    ).toThrow("refused");
    expect(level()).toBe(2);
    expect(writeTransaction(() => writeTransaction(() => level(), { synchronous: "NORMAL" }))).toBe(2);
    expect(level()).toBe(2);
    // The draw asks for it (app/models/quiz.server.ts); grading, certificates and audit rows do not.
    const quizModel = fs.readFileSync("app/models/quiz.server.ts", "utf8");
    expect(quizModel.match(/synchronous: "NORMAL"/g)).toHaveLength(1);
    expect(quizModel.slice(quizModel.indexOf("export function getOrStartAttempt"), quizModel.indexOf('synchronous: "NORMAL"'))).not.toContain("\nexport function");
    const others = fs.readdirSync("app/models").filter((f) => f !== "quiz.server.ts" && fs.readFileSync(path.join("app/models", f), "utf8").includes('synchronous: "NORMAL"'));
    expect(others).toEqual([]);
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

  it("inserts whole rows through one statement kept per connection (insertRow), and refuses a row that leaves a column out", async () => {
    const { getDb, insertRow } = await import("#app/utils/db.server.ts");
    const db = getDb();
    const row = { id: "e-row-1", name: "Inn", sector: "lodging", jurisdiction: "US-TX", county: null, joinCode: "ROW-ONE", createdAt: 1_700_000_000_000, confirmedRuleId: null } satisfies typeof schema.employers.$inferSelect;
    insertRow(db, "test-employer-row", schema.employers, row);
    insertRow(db, "test-employer-row", schema.employers, { ...row, id: "e-row-2", joinCode: "ROW-TWO", county: "Travis" });
    expect(db.$client.prepare("SELECT id, name, sector, county, join_code, created_at, confirmed_rule_id FROM employers WHERE id LIKE 'e-row-%' ORDER BY id").all()).toEqual([
      { id: "e-row-1", name: "Inn", sector: "lodging", county: null, join_code: "ROW-ONE", created_at: 1_700_000_000_000, confirmed_rule_id: null },
      { id: "e-row-2", name: "Inn", sector: "lodging", county: "Travis", join_code: "ROW-TWO", created_at: 1_700_000_000_000, confirmed_rule_id: null },
    ]);
    // A column left out is an error, not a silent NULL or default.
    const { county: _county, ...partial } = row;
    expect(() => insertRow(db, "test-employer-row", schema.employers, { ...partial, id: "e-row-3", joinCode: "ROW-THREE" } as never)).toThrow(/No value for placeholder "county"/);
    expect(db.$client.prepare("SELECT count(*) AS n FROM employers WHERE id = 'e-row-3'").get()).toEqual({ n: 0 });
  });

  it("migrates a database whose sessions hold plain ids: those rows are dropped, none is kept", async () => {
    const Database = (await import("better-sqlite3")).default;
    const { drizzle } = await import("drizzle-orm/better-sqlite3");
    const { migrate } = await import("drizzle-orm/better-sqlite3/migrator");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-migrate-"));
    // The migrations as they were before 0012.
    const before = path.join(dir, "migrations");
    fs.cpSync("db/migrations", before, { recursive: true });
    const journalPath = path.join(before, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === "0012_session_id_hash");
    expect(at).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, at);
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    const sqlite = new Database(path.join(dir, "old.db"));
    try {
      sqlite.pragma("foreign_keys = OFF");
      migrate(drizzle(sqlite), { migrationsFolder: before });
      sqlite.prepare("INSERT INTO users (id, username, name, password_hash, kind, created_at) VALUES ('u1', 'old', 'Old', 'x', 'worker', 0)").run();
      sqlite.prepare("INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES ('plain-session-id', 'u1', 0, 9e15, 0)").run();
      migrate(drizzle(sqlite), { migrationsFolder: "db/migrations" });
      const columns = (sqlite.prepare("PRAGMA table_info(sessions)").all() as { name: string }[]).map((c) => c.name);
      expect(columns).toContain("id_hash");
      expect(columns).not.toContain("id");
      expect(sqlite.prepare("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 0 });
      expect(sqlite.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: 1 });
    } finally {
      sqlite.close();
    }
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
