/**
 * `npm run db:backup -- <file>`: a consistent copy of DATABASE_PATH while the server runs,
 * made with SQLite's online backup API (readers and writers carry on; pages written during
 * the copy restart it). The copy is then opened and checked (integrity, references, the
 * audit log's hash chain). Restore: stop the server, replace the database file with the
 * copy (and delete its -wal and -shm files), start the server. See README.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { verifyAuditChain } from "#app/models/audit.server.ts";
import { openDatabase } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";

const target = process.argv[2];
if (!target || target.startsWith("-")) {
  console.error("Usage: npm run db:backup -- <file>   (copies DATABASE_PATH, default ./data/frontline.db)");
  process.exit(2);
}
try {
  const source = path.resolve(getEnv().DATABASE_PATH);
  if (!fs.existsSync(source)) throw new Error(`${source} does not exist`);
  const out = path.resolve(target);
  if (out === source) throw new Error("The backup must be another file than the database itself");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.partial`;
  fs.rmSync(tmp, { force: true });
  const started = performance.now();
  const db = new Database(source, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  // After the first step, copy the rest in one step: a busy server would otherwise restart
  // a page-by-page copy on every write.
  await db.backup(tmp, { progress: () => 1_000_000_000 });
  db.close();
  const copy = openDatabase(tmp);
  const integrity = copy.$client.pragma("integrity_check", { simple: true });
  const broken = copy.$client.pragma("foreign_key_check") as unknown[];
  const chain = verifyAuditChain(copy);
  copy.$client.pragma("journal_mode = DELETE");
  copy.$client.close();
  if (integrity !== "ok" || broken.length > 0 || !chain.ok) {
    throw new Error(`the copy failed its checks: integrity ${String(integrity)}, ${broken.length} broken references, audit chain ${chain.ok ? "ok" : chain.message}`);
  }
  fs.renameSync(tmp, out);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Backed up ${source} to ${out} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB, ${seconds} s): integrity ok, references ok, audit log intact (${chain.rows} rows).`);
  process.exit(0);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
