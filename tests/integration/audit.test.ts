import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { startTestApp } from "#tests/support/harness.ts";

let dbPath: string;
beforeAll(async () => {
  await startTestApp();
  dbPath = process.env.DATABASE_PATH!;
});

async function appendSome(n: number) {
  const { audit } = await import("#app/models/audit.server.ts");
  for (let i = 0; i < n; i++) {
    audit({ action: "export", actor: null, clientAddress: "203.0.113.9", target: { type: "report", id: `r${i}` }, detail: { rows: i } }, new Date());
  }
}

function runVerify(file: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "app/cli/audit-verify.ts"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_PATH: file, NODE_ENV: "production" },
  });
}

/** Tampering as someone with the file would: drop the append-only triggers first. */
function tamper(file: string, sql: string) {
  const raw = new Database(file);
  raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
  raw.exec(sql);
  raw.close();
}

describe("audit log", () => {
  it("chains rows: each row's prev_hash is the hash before it, and the chain verifies", async () => {
    await appendSome(5);
    const { verifyAuditChain } = await import("#app/models/audit.server.ts");
    const { getDb } = await import("#app/utils/db.server.ts");
    const report = verifyAuditChain(getDb());
    expect(report.ok).toBe(true);
    const rows = getDb().$client.prepare("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq").all() as { seq: number; prev_hash: string; hash: string }[];
    // The demo seed audits too: certificate issued, and the accounts it created.
    expect(rows.length).toBeGreaterThanOrEqual(5);
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      if (i > 0) expect(r.prev_hash).toBe(rows[i - 1]!.hash);
    });
  });

  it("refuses UPDATE and DELETE in the database itself", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const raw = getDb().$client;
    expect(() => raw.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => raw.prepare("DELETE FROM audit_log WHERE seq = 1").run()).toThrow(/append-only/);
  });

  it("npm run audit:verify says intact and prints the head", () => {
    const r = runVerify(dbPath);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/intact, \d+ rows/);
    expect(r.stdout).toMatch(/head: row \d+, hash [0-9a-f]{64}/);
  });

  it("catches an edited row: reports its number and exits 1", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const copy = `${dbPath}.edited`;
    await getDb().$client.backup(copy);
    tamper(copy, "UPDATE audit_log SET detail = '{\"rows\":999}' WHERE seq = 3");
    const r = runVerify(copy);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/row 3 was altered/);
    // Recomputing the edited row's hash does not help: the next row no longer links to it.
    const { auditRowHash } = await import("#app/models/audit.server.ts");
    const raw = new Database(copy);
    const row = raw.prepare("SELECT seq, at, action, actor_id AS actorId, actor_kind AS actorKind, client_address AS clientAddress, target_type AS targetType, target_id AS targetId, employer_id AS employerId, detail, prev_hash AS prevHash FROM audit_log WHERE seq = 3").get() as Parameters<typeof auditRowHash>[0];
    raw.prepare("UPDATE audit_log SET hash = ? WHERE seq = 3").run(auditRowHash(row));
    raw.close();
    const again = runVerify(copy);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/row 4 does not link to row 3/);
  });

  it("catches a deleted row", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const copy = `${dbPath}.deleted`;
    await getDb().$client.backup(copy);
    tamper(copy, "DELETE FROM audit_log WHERE seq = 2");
    const r = runVerify(copy);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/row 2 was removed/);
  });
});
