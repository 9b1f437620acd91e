import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "#db/schema.ts";
import { applyMigrations, openDatabase, STATEMENT_CACHE_SIZE, type Db } from "#app/utils/db.server.ts";

/** The statement a drizzle prepared query holds (drizzle keeps it as `stmt`). */
const stmtOf = (q: unknown) => (q as { stmt: unknown }).stmt;

describe("compiled statements kept per connection", () => {
  let dir: string;
  let db: Db;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-stmt-"));
    db = openDatabase(path.join(dir, "t.db"));
    applyMigrations(db);
    db.$client.prepare("INSERT INTO users (id, username, name, password_hash, kind, created_at) VALUES ('u1', 'ana', 'Ana', 'x', 'worker', 0)").run();
  });
  afterAll(() => {
    db.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("hands back the same compiled statement for the same query, and its rows are right each time", () => {
    const build = () => db.select({ id: users.id, name: users.name }).from(users).where(eq(users.username, sql.placeholder("u"))).prepare();
    const a = build();
    const b = build();
    expect(stmtOf(a)).toBe(stmtOf(b));
    expect(a.get({ u: "ana" })).toEqual({ id: "u1", name: "Ana" });
    expect(b.all({ u: "ana" })).toEqual([{ id: "u1", name: "Ana" }]);
    expect(db.select().from(users).where(eq(users.id, "u1")).get()?.username).toBe("ana");
    db.update(users).set({ name: "Ana M." }).where(eq(users.id, "u1")).run();
    db.update(users).set({ name: "Ana" }).where(eq(users.id, "u1")).run();
    expect(a.get({ u: "ana" })).toEqual({ id: "u1", name: "Ana" });
  });

  it("a raw SQL read with no fields gets rows as objects, even with the text of a query read in raw mode", () => {
    const q = db.select({ id: users.id }).from(users);
    expect(q.all()).toEqual([{ id: "u1" }]);
    expect(db.all(sql.raw(q.toSQL().sql))).toEqual([{ id: "u1" }]);
    expect(q.all()).toEqual([{ id: "u1" }]);
  });

  it("keeps at most STATEMENT_CACHE_SIZE statements, the least recently used dropped first", () => {
    const byName = (i: number) => db.select({ id: users.id }).from(users).where(eq(users.username, sql.raw(`'name-${i}'`))).prepare();
    const first = stmtOf(byName(0));
    const recent = stmtOf(byName(1));
    for (let i = 2; i <= STATEMENT_CACHE_SIZE; i++) {
      byName(i);
      if (i % 100 === 0) byName(1);
    }
    expect(stmtOf(byName(1))).toBe(recent);
    expect(stmtOf(byName(0))).not.toBe(first);
  });

  it("shares a write's statement (it returns no rows), and never a raw read's", () => {
    const touch = () => db.update(users).set({ name: "Ana" }).where(eq(users.id, "u1")).prepare();
    expect(stmtOf(touch())).toBe(stmtOf(touch()));
    touch().run();
    const rawRead = sql.raw("select 1 as one");
    expect(db.all(rawRead)).toEqual([{ one: 1 }]);
    expect(db.all(rawRead)).toEqual([{ one: 1 }]);
  });

  it("leaves $client.prepare as it was: a statement of its own each time", () => {
    expect(db.$client.prepare("SELECT 1 AS one")).not.toBe(db.$client.prepare("SELECT 1 AS one"));
  });
});
