/**
 * The throttles' failures in the database (ADR 038), shared by every server process: a check is
 * one indexed read, a failure one insert. Only app/utils/throttle.server.ts calls these.
 *
 * On a database file they go through a connection of their own with `synchronous = NORMAL`: a
 * failure's commit then does not wait for an fsync (the next fully synchronous commit of the
 * main connection, or a checkpoint, makes it durable). A crash may forget the last few counted
 * failures, never a certificate or an audit row, which the main connection writes with FULL.
 */
import Database from "better-sqlite3";
import { getDb, onCloseDb, PRAGMAS } from "#app/utils/db.server.ts";

interface Statements {
  recent: Database.Statement<[string, string, number, number], { at: number }>;
  insert: Database.Statement<[string, string, number, number]>;
  clearKey: Database.Statement<[string, string]>;
  clearAll: Database.Statement<[string]>;
  sweep: Database.Statement<[number]>;
}

const cache = new WeakMap<Database.Database, Statements>();

const own = new WeakMap<Database.Database, Database.Database>();

/** The throttles' connection for the main connection `main` (the main one itself for an in-memory database). */
function connection(main: Database.Database): Database.Database {
  if (main.memory || !main.open) return main;
  let c = own.get(main);
  if (!c || !c.open) {
    c = new Database(main.name, { fileMustExist: true });
    c.pragma(`busy_timeout = ${PRAGMAS.busy_timeout}`);
    c.pragma("synchronous = NORMAL");
    own.set(main, c);
    const opened = c;
    onCloseDb(() => opened.close());
  }
  return c;
}

function statements(): Statements {
  const client = connection(getDb().$client);
  let s = cache.get(client);
  if (!s) {
    s = {
      recent: client.prepare("SELECT at FROM throttle_hits WHERE throttle = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT ?"),
      insert: client.prepare("INSERT INTO throttle_hits (throttle, key, at, expires_at) VALUES (?, ?, ?, ?)"),
      clearKey: client.prepare("DELETE FROM throttle_hits WHERE throttle = ? AND key = ?"),
      clearAll: client.prepare("DELETE FROM throttle_hits WHERE throttle = ?"),
      sweep: client.prepare("DELETE FROM throttle_hits WHERE expires_at <= ?"),
    };
    cache.set(client, s);
  }
  return s;
}

/** The times (ms) of the newest `limit` failures after `sinceMs`, newest first. */
export function recentThrottleHits(throttle: string, key: string, sinceMs: number, limit: number): number[] {
  return statements()
    .recent.all(throttle, key, sinceMs, limit)
    .map((r) => r.at);
}

export function addThrottleHit(throttle: string, key: string, atMs: number, expiresAtMs: number) {
  statements().insert.run(throttle, key, atMs, expiresAtMs);
}

export function clearThrottleHits(throttle: string, key?: string) {
  if (key === undefined) statements().clearAll.run(throttle);
  else statements().clearKey.run(throttle, key);
}

/** Deletes the failures no window counts any more; returns how many. */
export function sweepThrottleHits(nowMs: number): number {
  return statements().sweep.run(nowMs).changes;
}
