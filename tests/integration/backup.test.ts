/**
 * `npm run db:backup` while the production server takes writes: the copy is consistent,
 * restores into a working server, and matches the live database up to the moment it was
 * taken (its audit log is a prefix of the live one, its rows are the live rows).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "#tests/support/server.ts";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

function runBackup(dbPath: string, out: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/cli/db-backup.ts", out], { env: { ...process.env, DATABASE_PATH: dbPath } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("db:backup", () => {
  it("copies a database under write load; the copy restores and matches the live data up to its moment", async () => {
    const live = await startServer({ REMINDERS: "0" });
    servers.push(live);
    let writing = true;
    let joined = 0;
    const writer = (async () => {
      for (let i = 0; writing && i < 400; i++) {
        const res = await live.request("/join/LAKESIDE-INN", { form: { name: `Backup Worker ${i}`, username: `backup-${i}`, password: "a good long passphrase", role: "housekeeping" } });
        await res.arrayBuffer();
        if (res.status === 302) joined++;
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "frontline-backup-")), "copy.db");
    const result = await runBackup(live.dbPath, out);
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    await writer;
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/integrity ok, references ok, audit log intact/);
    expect(joined).toBeGreaterThan(3);

    const copy = new Database(out, { readonly: true });
    const current = new Database(live.dbPath, { readonly: true });
    const copyUsers = copy.prepare("SELECT id, username, password_hash FROM users ORDER BY id").all() as { id: string }[];
    const liveUsers = current.prepare("SELECT id, username, password_hash FROM users ORDER BY id").all() as { id: string }[];
    // Taken mid-load: some joins are in it, later ones are not, and what it has is exactly the live data.
    expect(copyUsers.length).toBeGreaterThan(7);
    expect(copyUsers.length).toBeLessThanOrEqual(liveUsers.length);
    const liveById = new Map(liveUsers.map((u) => [u.id, u]));
    for (const u of copyUsers) expect(liveById.get(u.id)).toEqual(u);
    const copyAudit = copy.prepare("SELECT seq, hash FROM audit_log ORDER BY seq").all() as { seq: number; hash: string }[];
    const liveAudit = current.prepare("SELECT seq, hash FROM audit_log ORDER BY seq").all() as { seq: number; hash: string }[];
    expect(liveAudit.slice(0, copyAudit.length)).toEqual(copyAudit);
    // Each employment in the copy has its status row: counters were copied in the same snapshot.
    const orphans = copy.prepare("SELECT count(*) AS n FROM employments e WHERE NOT EXISTS (SELECT 1 FROM employment_status s WHERE s.employment_id = e.id)").get() as { n: number };
    expect(orphans.n).toBe(0);
    copy.close();
    current.close();

    // Restore: a server on the copy serves the accounts it holds.
    const restored = await startServer({ REMINDERS: "0" }, out);
    servers.push(restored);
    const someone = copyUsers.length > 0 ? (new Database(out, { readonly: true }).prepare("SELECT username FROM users WHERE username LIKE 'backup-%' LIMIT 1").get() as { username: string }) : undefined;
    expect(someone).toBeDefined();
    await restored.signIn(someone!.username, "a good long passphrase");
  }, 120_000);

  it("refuses to overwrite the database itself, and says how to call it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-backup-"));
    const dbPath = path.join(dir, "x.db");
    new Database(dbPath).close();
    const same = await runBackup(dbPath, dbPath);
    expect(same.code).toBe(1);
    expect(same.output).toMatch(/another file/);
  });
});
