import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getTableColumns, sql } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { readMigrationFiles } from "drizzle-orm/migrator";
import * as schema from "#db/schema.ts";
import { getEnv } from "./env.server.ts";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Pragmas every connection runs with; asserted by tests/integration/db.test.ts. */
export const PRAGMAS = {
  journal_mode: "wal",
  foreign_keys: 1,
  busy_timeout: 5000,
  // Certificates are legal records: fsync on every commit.
  synchronous: 2, // FULL
} as const;

export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma(`journal_mode = ${PRAGMAS.journal_mode}`);
  sqlite.pragma(`foreign_keys = ${PRAGMAS.foreign_keys}`);
  sqlite.pragma(`busy_timeout = ${PRAGMAS.busy_timeout}`);
  sqlite.pragma(`synchronous = ${PRAGMAS.synchronous}`);
  // For searching names as people type them: lower case, accents dropped ("José" ~ "jose").
  sqlite.function("fold", { deterministic: true }, (v: unknown) => (v === null || v === undefined ? null : foldText(String(v))));
  return keepStatements(drizzle(sqlite, { schema }) as Db);
}

/** How many compiled statements a connection keeps (least recently used dropped first). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle compiles every query it runs (better-sqlite3's `prepare`, i.e. sqlite3_prepare) unless
 * the query was `.prepare()`d; the same SQL text compiled again on every request was 20–25 % of
 * running a small query (ADR 036, 2026-12-07 addendum). Each connection keeps up to
 * STATEMENT_CACHE_SIZE compiled statements by SQL text and hands the same one back, for:
 * - queries that select fields: drizzle sets the statement's raw mode before every such read
 *   (`stmt.raw().all()`), so whoever used it before does not matter;
 * - statements that return no rows (inserts, updates, deletes), where raw mode does not apply.
 * A raw `sql` read with no fields calls `stmt.all()` as it is, so it gets a statement of its own,
 * as before. Code that calls `$client.prepare` itself is not affected.
 */
function keepStatements(db: Db): Db {
  const sqlite = db.$client;
  type PrepareQuery = (query: { sql: string }, fields: unknown, executeMethod: unknown, isResponseInArrayMode: unknown, customResultMapper: unknown, ...rest: unknown[]) => unknown;
  const session = (db as unknown as { session: { prepareQuery: PrepareQuery } }).session;
  const compile = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  const keep = (source: string, stmt: Database.Statement) => {
    kept.delete(source);
    if (kept.size >= STATEMENT_CACHE_SIZE) kept.delete(kept.keys().next().value!);
    kept.set(source, stmt);
    return stmt;
  };
  /** While drizzle prepares a query: "fields" (any statement may be shared), "plain" (only one that returns no rows). */
  let sharing: "fields" | "plain" | undefined;
  sqlite.prepare = ((source: string) => {
    if (!sharing) return compile(source);
    const known = kept.get(source);
    if (known && (sharing === "fields" || !known.reader)) return keep(source, known);
    const stmt = compile(source);
    return sharing === "fields" || !stmt.reader ? keep(source, stmt) : stmt;
  }) as typeof sqlite.prepare;
  const prepareQuery = session.prepareQuery.bind(session);
  session.prepareQuery = (query, fields, executeMethod, isResponseInArrayMode, customResultMapper, ...rest) => {
    sharing = fields || customResultMapper ? "fields" : "plain";
    try {
      return prepareQuery(query, fields, executeMethod, isResponseInArrayMode, customResultMapper, ...rest);
    } finally {
      sharing = undefined;
    }
  };
  return db;
}

/**
 * A read-only connection of its own to `main`'s file, for a long read that yields to the event
 * loop and must see one snapshot (BEGIN … COMMIT on it, held across awaits; WAL lets writers go
 * on meanwhile). Undefined for an in-memory database. The caller closes it.
 */
export function openReadConnection(main: Db): Db | undefined {
  const file = main.$client.name;
  if (main.$client.memory || !file || file === ":memory:") return undefined;
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma(`busy_timeout = ${PRAGMAS.busy_timeout}`);
  return keepStatements(drizzle(sqlite, { schema }) as Db);
}

/** Lower case without diacritics, for search (the SQL function `fold`). */
export function foldText(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

export function migrationsFolder() {
  return path.resolve(process.cwd(), "db/migrations");
}

/**
 * Applies the committed migrations. Foreign keys are off while they run: SQLite rebuilds a
 * table to change a column (drizzle-kit's migrations do), and `PRAGMA foreign_keys` has no
 * effect inside the migration's transaction. Afterwards every reference is checked, and
 * start-up stops if one is broken.
 */
export function applyMigrations(db: Db) {
  db.$client.pragma("foreign_keys = OFF");
  try {
    migrate(db, { migrationsFolder: migrationsFolder() });
  } finally {
    db.$client.pragma(`foreign_keys = ${PRAGMAS.foreign_keys}`);
  }
  const broken = db.$client.pragma("foreign_key_check") as unknown[];
  if (broken.length > 0) throw new Error(`Migrations left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
}

let instance: Db | undefined;
let migrateOnOpen = true;

/**
 * For a server worker process (WEB_CONCURRENCY > 1, ADR 038): the primary process migrated the
 * database before starting the workers, so the connection opened from now on only checks that
 * every migration is applied (workers never run migrations, nor at the same time).
 */
export function openMigratedOnly() {
  migrateOnOpen = false;
}

function assertMigrated(db: Db) {
  const expected = readMigrationFiles({ migrationsFolder: migrationsFolder() }).length;
  const row = db.$client.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get() as { n: number };
  const applied = row.n === 0 ? 0 : (db.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number }).n;
  if (applied < expected) throw new Error(`The database has ${applied} of ${expected} migrations applied; the primary process applies them before starting workers.`);
}

/** The process-wide connection, opened and migrated on first use. */
export function getDb(): Db {
  if (!instance) {
    const db = openDatabase(getEnv().DATABASE_PATH);
    try {
      if (migrateOnOpen) applyMigrations(db);
      else assertMigrated(db);
    } catch (error) {
      db.$client.close();
      throw error;
    }
    instance = db;
  }
  return instance;
}

const closers = new Set<() => void>();

/** Runs `fn` when the process-wide connection closes (a side connection to the same file closes with it). */
export function onCloseDb(fn: () => void) {
  closers.add(fn);
}

export function closeDb() {
  for (const fn of closers) fn();
  closers.clear();
  instance?.$client.close();
  instance = undefined;
}

/**
 * Runs `fn` in a write transaction that begins IMMEDIATE: it takes the write lock up
 * front, so a read-then-write cannot fail with SQLITE_BUSY on lock upgrade.
 */
const dirtyCount = new WeakMap<object, { get(): unknown }>();

export interface WriteOptions {
  /**
   * "NORMAL": this transaction's COMMIT does not wait for an fsync (WAL, synchronous=NORMAL).
   * It is made durable by the connection's next FULL commit, which syncs the whole log in order,
   * or by the next checkpoint; a power loss before either may undo it, and nothing after it.
   * Only for rows the app makes again unasked if they are lost (a quiz's open draw), never for
   * a record: a graded attempt, a certificate, an audit row (ADR 036, 2026-12-07 final
   * addendum). Inside an enclosing transaction (where SQLite refuses to change it) it has no effect.
   */
  synchronous?: "NORMAL";
}

export function writeTransaction<T>(fn: (tx: Db) => T, options: WriteOptions = {}): T {
  const db = getDb();
  if (options.synchronous === "NORMAL" && !db.$client.inTransaction) {
    // Compiled each time: SQLite applies this pragma when it compiles it, not when it runs.
    db.$client.exec("PRAGMA synchronous = NORMAL");
    try {
      return writeTransaction(fn);
    } finally {
      db.$client.exec(`PRAGMA synchronous = ${PRAGMAS.synchronous}`);
    }
  }
  let dirty = dirtyCount.get(db.$client);
  if (!dirty) dirtyCount.set(db.$client, (dirty = db.$client.prepare("SELECT count(*) AS n FROM status_dirty")));
  const count = dirty;
  return db.transaction((tx) => {
    // Triggers list the roster rows whose status inputs a write changed (migration 0010);
    // `changeStatuses` recomputes them before it returns. Rows listed by this transaction
    // and left behind mean a write path that skipped it: refuse it rather than commit a
    // stale status. (Rows left by a write outside any transaction, such as a hand-run SQL
    // statement, are settled by the next `changeStatuses` and at start-up.)
    const before = (count.get() as { n: number }).n;
    const result = fn(tx as unknown as Db);
    const after = (count.get() as { n: number }).n;
    if (after > before) {
      const left = db.$client.prepare("SELECT employment_id FROM status_dirty LIMIT 1").get() as { employment_id: string };
      throw new Error(`A write changed roster statuses outside changeStatuses() (employment ${left.employment_id}); the transaction was rolled back.`);
    }
    return result;
  }, { behavior: "immediate" });
}

const statements = new WeakMap<Db, Map<string, unknown>>();

/**
 * A drizzle query prepared once per connection and reused: hot reads (the session behind
 * every request, the worker's job and progress) skip building their SQL each time (ADR 011);
 * compiling it is shared by every query of the same text anyway (keepStatements).
 */
export function prepared<T>(db: Db, key: string, build: (db: Db) => T): T {
  let map = statements.get(db);
  if (!map) statements.set(db, (map = new Map()));
  let stmt = map.get(key) as T | undefined;
  if (stmt === undefined) map.set(key, (stmt = build(db)));
  return stmt;
}

/**
 * One whole row of `table` inserted through an INSERT prepared once per connection (a
 * placeholder per column, named by its key; `prepared`): for rows written on hot paths, where
 * building the statement's SQL each time cost more than the insert itself (ADR 036). The row
 * names every column, nullable ones as null.
 */
export function insertRow<T extends SQLiteTable>(db: Db, key: string, table: T, row: T["$inferSelect"]): void {
  prepared(db, key, (d) =>
    d
      .insert(table)
      .values(Object.fromEntries(Object.keys(getTableColumns(table)).map((c) => [c, sql.placeholder(c)])) as never)
      .prepare(),
  ).run(row as Record<string, unknown>);
}
