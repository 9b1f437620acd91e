/**
 * The employer API (issue 18, ADR 032) through the real production server with EMPLOYER_API=1:
 * tokens made and revoked on /employer/api, stored hashed; bearer-only requests (no cookie, no
 * Origin); scopes; one employer's token never reaching another's data; the upsert all or
 * nothing with the CSV import's rules; leave dates; throttling; the audit log; and the OpenAPI
 * document, which lists every /api/v1 route and whose schemas real answers validate against.
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeManifest, startServer, type TestServer } from "#tests/support/server.ts";
import { setUpPrincipals, type Fixtures } from "#tests/support/principals.ts";

let server: TestServer;
let fx: Fixtures;
let db: Database.Database;
// Read before the server starts (a child process; slow): an idle keep-alive connection would time out meanwhile.
const apiRoutes = routeManifest().filter((r) => r.pattern.startsWith("/api/v1"));
const tokens: Record<"aWrite" | "aRead" | "bWrite", string> = { aWrite: "", aRead: "", bWrite: "" };

type Json = Record<string, unknown>;

async function makeToken(cookie: string, name: string, scope: "read" | "read-write") {
  const res = await server.request("/employer/api", { cookie, form: { intent: "create", name, scope } });
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(200);
  const token = /flr_[A-Za-z0-9_-]{43}/.exec(html)?.[0];
  if (!token) throw new Error("no token on the page after creating one");
  return token;
}

/** An API call: bearer token, JSON body, never a cookie or an Origin header. */
async function api(path: string, token: string | null, init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers["Content-Type"] = "application/json";
  }
  const res = await server.request(path, { method: init.method ?? (body !== undefined ? "POST" : "GET"), headers, body, noOrigin: true });
  const text = await res.text();
  let data: Json = {};
  try {
    data = JSON.parse(text) as Json;
  } catch {
    data = { notJson: text };
  }
  return { status: res.status, headers: res.headers, data };
}

const count = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;
const auditRows = (action: string) => db.prepare("SELECT * FROM audit_log WHERE action = ? ORDER BY seq").all(action) as { actor_kind: string; actor_id: string; target_id: string; employer_id: string; detail: string }[];

beforeAll(async () => {
  server = await startServer({ EMPLOYER_API: "1", REMINDERS: "0" });
  fx = await setUpPrincipals(server);
  db = new Database(server.dbPath, { readonly: true });
  tokens.aWrite = await makeToken(fx.cookies.adminA!, "Payroll sync", "read-write");
  tokens.aRead = await makeToken(fx.cookies.adminA!, "Dashboard", "read");
  tokens.bWrite = await makeToken(fx.cookies.adminB!, "Metro HR", "read-write");
}, 90_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

describe("API tokens", () => {
  it("are stored only as SHA-256 hashes, with their scope, creator and a short hint; creation is audited", () => {
    const rows = db.prepare("SELECT * FROM api_tokens").all() as Record<string, unknown>[];
    expect(rows).toHaveLength(3);
    const dump = JSON.stringify(rows);
    for (const token of Object.values(tokens)) {
      expect(dump).not.toContain(token);
      const row = rows.find((r) => r.token_hash === crypto.createHash("sha256").update(token).digest("hex"));
      expect(row, "a row holds the token's SHA-256").toBeDefined();
      expect(row!.hint).toBe(token.slice(0, 8));
    }
    const a = rows.find((r) => r.name === "Payroll sync")!;
    expect(a).toMatchObject({ scope: "read-write", employer_id: fx.ids.employerA, last_used_at: null, revoked_at: null });
    expect(count("SELECT count(*) AS n FROM users WHERE id = ? AND username = 'demo-employer'", a.created_by)).toBe(1);
    const created = auditRows("api-token-created");
    expect(created.map((r) => JSON.parse(r.detail).name)).toEqual(["Payroll sync", "Dashboard", "Metro HR"]);
    expect(created[0]).toMatchObject({ actor_kind: "employer_admin", employer_id: fx.ids.employerA, target_id: a.id });
    // The audit log never holds a token.
    expect(JSON.stringify(db.prepare("SELECT * FROM audit_log").all())).not.toMatch(/flr_[A-Za-z0-9_-]{43}/);
  });

  it("the page lists them without the token, and a worker or another employer's admin cannot revoke them", async () => {
    const res = await server.request("/employer/api", { cookie: fx.cookies.adminA });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Payroll sync");
    expect(html).not.toMatch(/flr_[A-Za-z0-9_-]{43}/);
    expect(html).not.toContain("Metro HR");
    const id = (db.prepare("SELECT id FROM api_tokens WHERE name = 'Payroll sync'").get() as { id: string }).id;
    const byB = await server.request("/employer/api", { cookie: fx.cookies.adminB, form: { intent: "revoke", tokenId: id } });
    expect(byB.status).toBe(404);
    const byWorker = await server.request("/employer/api", { cookie: fx.cookies.workerA, form: { intent: "revoke", tokenId: id } });
    expect(byWorker.status).toBe(403);
    expect(count("SELECT count(*) AS n FROM api_tokens WHERE revoked_at IS NOT NULL")).toBe(0);
  });
  it("the employer's dashboard links to the token page while the API is on", async () => {
    const res = await server.request("/employer", { cookie: fx.cookies.adminA });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<a[^>]*href="\/employer\/api"[^>]*>API tokens<\/a>/);
  });
});

describe("authentication and scope", () => {
  it("refuses a request without a token, with a malformed or an unknown one: 401 JSON, not cached", async () => {
    for (const [token, words] of [
      [null, /Authorization: Bearer/],
      ["not-a-token", /not `Bearer `/],
      [`flr_${"A".repeat(43)}`, /not known/],
    ] as const) {
      const res = await api("/api/v1/roster", token === null ? null : token === "not-a-token" ? null : token, token === "not-a-token" ? { headers: { Authorization: "Bearer not-a-token" } } : {});
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.data).toMatchObject({ error: "unauthorized", message: expect.stringMatching(words) });
    }
  });

  it("a session cookie is no API credential", async () => {
    const res = await server.request("/api/v1/roster", { cookie: fx.cookies.adminA });
    expect(res.status).toBe(401);
  });

  it("a read token reads, and cannot write (403, nothing written)", async () => {
    const read = await api("/api/v1/statuses", tokens.aRead);
    expect(read.status).toBe(200);
    const before = count("SELECT count(*) AS n FROM employments");
    const endedBefore = count("SELECT count(*) AS n FROM employments WHERE ended_at IS NOT NULL");
    const write = await api("/api/v1/roster", tokens.aRead, { json: { rows: [{ employeeId: "LI-7001", fullName: "Rae Quinn", jobRole: "housekeeping", site: "", hireDate: "2026-11-01" }] } });
    expect(write.status).toBe(403);
    expect(write.data).toMatchObject({ error: "forbidden", message: expect.stringContaining("may only read") });
    const leave = await api("/api/v1/roster/leavers", tokens.aRead, { json: { leftOn: "2026-11-01", employeeIds: ["LI-1003"] } });
    expect(leave.status).toBe(403);
    expect(count("SELECT count(*) AS n FROM employments")).toBe(before);
    expect(count("SELECT count(*) AS n FROM employments WHERE ended_at IS NOT NULL")).toBe(endedBefore);
  });

  it("notes the token's use: last_used_at, and one audit row per token per hour", async () => {
    await api("/api/v1/statuses", tokens.aRead);
    const row = db.prepare("SELECT id, last_used_at FROM api_tokens WHERE name = 'Dashboard'").get() as { id: string; last_used_at: number | null };
    expect(row.last_used_at).not.toBeNull();
    const used = auditRows("api-token-used").filter((r) => r.target_id === row.id);
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ actor_kind: "api_token", actor_id: row.id, employer_id: fx.ids.employerA });
  });
});

describe("reads", () => {
  it("lists the roster a page at a time, each worker with the stored status", async () => {
    const res = await api("/api/v1/roster?pageSize=2", tokens.aRead);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const page = res.data as { page: number; pages: number; total: number; workers: { employeeId: string | null; fullName: string; status: { kind: string } }[] };
    expect(page.workers).toHaveLength(2);
    const current = count("SELECT count(*) AS n FROM employments e JOIN employment_status s ON s.employment_id = e.id WHERE e.employer_id = ? AND s.former = 0", fx.ids.employerA);
    expect(page.total).toBe(current);
    expect(page.pages).toBe(Math.ceil(current / 2));
    // The status is the stored one.
    const all = await api(`/api/v1/roster?pageSize=500`, tokens.aRead);
    for (const w of (all.data as typeof page).workers) {
      const stored = db.prepare("SELECT s.kind FROM employment_status s JOIN employments e ON e.id = s.employment_id WHERE e.employer_id = ? AND e.full_name = ?").get(fx.ids.employerA, w.fullName) as { kind: string };
      expect(w.status.kind, w.fullName).toBe(stored.kind);
    }
    const former = await api("/api/v1/roster?status=former", tokens.aRead);
    expect((former.data as typeof page).workers.every((w) => (w as unknown as { former: boolean }).former)).toBe(true);
    expect((former.data as typeof page).total).toBeGreaterThan(0);
  });

  it("refuses unknown or bad query parameters with 422 naming them", async () => {
    const res = await api("/api/v1/roster?pageSize=5000&colour=red", tokens.aRead);
    expect(res.status).toBe(422);
    const fields = (res.data.problems as { field?: string }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["pageSize"]));
    expect(JSON.stringify(res.data)).toContain("colour");
  });

  it("statuses and completions are the employer's own", async () => {
    const statuses = await api("/api/v1/statuses", tokens.aRead);
    expect(statuses.data).toMatchObject({ counts: { compliant: expect.any(Number) } });
    const completions = await api("/api/v1/completions", tokens.aRead);
    expect(completions.status).toBe(200);
    const list = (completions.data as { completions: { fullName: string; source: string; code: string }[] }).completions;
    const cert = db.prepare("SELECT code FROM certificates WHERE user_id = ?").get(fx.ids.workerA) as { code: string };
    expect(list.some((c) => c.source === "platform" && c.code.replace(/-/g, "") === cert.code.replace(/-/g, ""))).toBe(true);
    // Metro Transit's token sees none of Lakeside's people.
    const lakesideNames = (db.prepare("SELECT full_name AS n FROM employments WHERE employer_id = ?").all(fx.ids.employerA) as { n: string }[]).map((r) => r.n);
    const bRoster = await api("/api/v1/roster?pageSize=500", tokens.bWrite);
    const bFormer = await api("/api/v1/roster?pageSize=500&status=former", tokens.bWrite);
    const bCompletions = await api("/api/v1/completions?pageSize=500", tokens.bWrite);
    const seenByB = JSON.stringify([bRoster.data, bFormer.data, bCompletions.data]);
    for (const name of lakesideNames) expect(seenByB).not.toContain(name);
    expect((bRoster.data as { total: number }).total).toBe(count("SELECT count(*) AS n FROM employments e JOIN employment_status s ON s.employment_id = e.id WHERE e.employer_id = ? AND s.former = 0", fx.ids.employerB));
  });
});

describe("writes", () => {
  it("an upsert with one bad row is refused whole: 422 naming the row and field, nothing written", async () => {
    const before = JSON.stringify(db.prepare("SELECT * FROM employments ORDER BY id").all());
    const res = await api("/api/v1/roster", tokens.aWrite, {
      json: {
        rows: [
          { employeeId: "LI-7001", fullName: "Rae Quinn", jobRole: "housekeeping", site: "", hireDate: "2026-11-01" },
          { employeeId: "LI-7002", fullName: "Sam Ortiz", jobRole: "housekeeping", site: "Main building", hireDate: "2026-13-45" },
          { employeeId: "LI-1003", fullName: "Ana Torres", jobRole: "front-desk", site: "", hireDate: "2026-10-01", email: "ana@example.org" },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ error: "invalid", message: expect.stringContaining("nothing was written") });
    expect(res.data.problems).toEqual([{ row: 2, field: "hireDate", code: "badDate", message: expect.stringMatching(/^row 2: hire date "2026-13-45" is not a date/) }]);
    expect(JSON.stringify(db.prepare("SELECT * FROM employments ORDER BY id").all())).toBe(before);
  });

  it("the same rules as the CSV import: an unknown role and a repeated employee id, each named", async () => {
    const res = await api("/api/v1/roster", tokens.aWrite, {
      json: {
        rows: [
          { employeeId: "LI-7001", fullName: "Rae Quinn", jobRole: "astronaut", site: "", hireDate: "2026-11-01" },
          { employeeId: "LI-7003", fullName: "Lee Park", jobRole: "housekeeping", site: "", hireDate: "2026-11-01" },
          { employeeId: "LI-7003", fullName: "Lee Park", jobRole: "housekeeping", site: "", hireDate: "2026-11-01" },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect((res.data.problems as Json[]).map((p) => [p.row, p.field, p.code])).toEqual([
      [1, "jobRole", "unknownRole"],
      [3, "employeeId", "duplicateId"],
    ]);
  });

  it("refuses a body that is not JSON (400), not the shape (422), or has too many rows (413, JSON)", async () => {
    const notJson = await api("/api/v1/roster", tokens.aWrite, { body: "{rows:", headers: { "Content-Type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect(notJson.data).toMatchObject({ error: "malformed_json" });
    const shape = await api("/api/v1/roster", tokens.aWrite, { json: { rows: [{ employeeId: "X1", fullName: 7, jobRole: "housekeeping", site: "", hireDate: "2026-11-01", salary: 1 }] } });
    expect(shape.status).toBe(422);
    expect((shape.data.problems as Json[]).map((p) => [p.row, p.field])).toEqual(expect.arrayContaining([[1, "fullName"]]));
    const many = await api("/api/v1/roster", tokens.aWrite, { json: { rows: Array.from({ length: 1001 }, (_, i) => ({ employeeId: `X${i}`, fullName: "A", jobRole: "housekeeping", site: "", hireDate: "2026-11-01" })) } });
    expect(many.status).toBe(413);
    expect(many.data).toMatchObject({ error: "too_large", message: expect.stringContaining("At most 1000") });
    const huge = await api("/api/v1/roster", tokens.aWrite, { body: JSON.stringify({ rows: [], pad: "x".repeat(1_100_000) }), headers: { "Content-Type": "application/json" } });
    expect(huge.status).toBe(413);
    expect(huge.data).toMatchObject({ error: "too_large" });
  });

  it("adds and changes rows by employee id in one go, audited as an import by the token", async () => {
    const res = await api("/api/v1/roster", tokens.aWrite, {
      json: {
        rows: [
          { employeeId: "LI-7001", fullName: "Rae Quinn", jobRole: "housekeeping", site: "Main building", hireDate: "2026-11-01", language: "es" },
          { employeeId: "LI-1003", fullName: "Ana Torres", jobRole: "front-desk", site: "", hireDate: "2026-10-01", email: "ana@example.org" },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(res.data).toEqual({ added: 1, changed: 1, unchanged: 0 });
    const rae = db.prepare("SELECT e.*, s.kind FROM employments e JOIN employment_status s ON s.employment_id = e.id WHERE e.employer_id = ? AND e.employee_id = 'LI-7001'").get(fx.ids.employerA) as Json;
    expect(rae).toMatchObject({ full_name: "Rae Quinn", job_role: "housekeeping", language: "es", hire_date: "2026-11-01" });
    expect(rae.kind).toEqual(expect.any(String));
    expect(db.prepare("SELECT email FROM employments WHERE employer_id = ? AND employee_id = 'LI-1003'").get(fx.ids.employerA)).toEqual({ email: "ana@example.org" });
    const imported = auditRows("roster-imported").at(-1)!;
    const tokenId = (db.prepare("SELECT id FROM api_tokens WHERE name = 'Payroll sync'").get() as { id: string }).id;
    expect(imported).toMatchObject({ actor_kind: "api_token", actor_id: tokenId, employer_id: fx.ids.employerA });
    expect(JSON.parse(imported.detail)).toMatchObject({ file: "API: Payroll sync", added: 1, changed: 1 });
    // The same rows again change nothing.
    const again = await api("/api/v1/roster", tokens.aWrite, { json: { rows: [{ employeeId: "LI-7001", fullName: "Rae Quinn", jobRole: "housekeeping", site: "Main building", hireDate: "2026-11-01" }] } });
    expect(again.data).toEqual({ added: 0, changed: 0, unchanged: 1 });
  });

  it("records leave dates all or nothing, by employee id, only for the token's employer", async () => {
    const ended = () => count("SELECT count(*) AS n FROM employments WHERE ended_at IS NOT NULL");
    const before = ended();
    // Metro's token: Lakeside's employee ids are unknown to it.
    const cross = await api("/api/v1/roster/leavers", tokens.bWrite, { json: { leftOn: "2026-11-20", employeeIds: ["LI-7001"] } });
    expect(cross.status).toBe(422);
    expect(cross.data.message).toContain("LI-7001");
    // One unknown id: none is marked.
    const mixed = await api("/api/v1/roster/leavers", tokens.aWrite, { json: { leftOn: "2026-11-20", employeeIds: ["LI-7001", "NOPE-1"] } });
    expect(mixed.status).toBe(422);
    expect(mixed.data.message).toContain("NOPE-1");
    const early = await api("/api/v1/roster/leavers", tokens.aWrite, { json: { leftOn: "2026-10-15", employeeIds: ["LI-7001"] } });
    expect(early.status).toBe(422);
    expect(early.data.message).toContain("before the hire date of LI-7001");
    expect(ended()).toBe(before);
    const ok = await api("/api/v1/roster/leavers", tokens.aWrite, { json: { leftOn: "2026-11-20", employeeIds: ["LI-7001"] } });
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ marked: 1 });
    expect(ended()).toBe(before + 1);
    expect(auditRows("roster-ended").at(-1)).toMatchObject({ actor_kind: "api_token", employer_id: fx.ids.employerA });
    const twice = await api("/api/v1/roster/leavers", tokens.aWrite, { json: { leftOn: "2026-11-20", employeeIds: ["LI-7001"] } });
    expect(twice.status).toBe(409);
  });
});

describe("OpenAPI document", () => {
  let doc: { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Json }> }; responses: Record<string, { content: Record<string, { schema: Json }> }> }>>; components: { schemas: Record<string, Json> } };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);

  beforeAll(async () => {
    const res = await server.request("/api/openapi.json");
    expect(res.status).toBe(200);
    doc = (await res.json()) as typeof doc;
    ajv.addSchema({ $id: "openapi", components: doc.components }, "openapi");
  });

  /** A schema of the document, with its #/components refs pointed at the document. */
  const validatorFor = (schema: Json) => ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')) as Json);

  it("is OpenAPI 3.1 and lists every /api/v1 route of the build", () => {
    expect(doc.openapi).toBe("3.1.0");
    const routes = apiRoutes;
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const r of routes) expect(Object.keys(doc.paths), r.pattern).toContain(r.pattern);
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(routes.map((r) => r.pattern))].sort());
  });

  it("real requests and answers validate against its schemas", async () => {
    const cases: [string, string, string, Awaited<ReturnType<typeof api>>][] = [
      ["/api/v1/roster", "get", "200", await api("/api/v1/roster?pageSize=3", tokens.aRead)],
      ["/api/v1/roster", "get", "200", await api("/api/v1/roster?status=former", tokens.aRead)],
      ["/api/v1/statuses", "get", "200", await api("/api/v1/statuses", tokens.aRead)],
      ["/api/v1/completions", "get", "200", await api("/api/v1/completions", tokens.aRead)],
      ["/api/v1/roster", "get", "401", await api("/api/v1/roster", null)],
      ["/api/v1/roster", "post", "403", await api("/api/v1/roster", tokens.aRead, { json: { rows: [] } })],
      ["/api/v1/roster", "post", "422", await api("/api/v1/roster", tokens.aWrite, { json: { rows: [{ employeeId: "LI-7009", fullName: "", jobRole: "housekeeping", site: "", hireDate: "2026-11-01" }] } })],
    ];
    const upsert = { rows: [{ employeeId: "LI-7010", fullName: "Kim Lee", jobRole: "housekeeping", site: "", hireDate: "2026-11-02", email: null }] };
    expect(validatorFor(doc.paths["/api/v1/roster"]!.post!.requestBody!.content["application/json"]!.schema)(upsert)).toBe(true);
    expect(validatorFor(doc.paths["/api/v1/roster"]!.post!.requestBody!.content["application/json"]!.schema)({ rows: [{ employeeId: "LI-7010" }] })).toBe(false);
    cases.push(["/api/v1/roster", "post", "200", await api("/api/v1/roster", tokens.aWrite, { json: upsert })]);
    const leavers = { leftOn: "2026-11-25", employeeIds: ["LI-7010"] };
    expect(validatorFor(doc.paths["/api/v1/roster/leavers"]!.post!.requestBody!.content["application/json"]!.schema)(leavers)).toBe(true);
    cases.push(["/api/v1/roster/leavers", "post", "200", await api("/api/v1/roster/leavers", tokens.aWrite, { json: leavers })]);
    for (const [path, method, status, res] of cases) {
      expect(String(res.status), `${method} ${path}`).toBe(status);
      const schema = doc.paths[path]![method]!.responses[status]!.content["application/json"]!.schema;
      const validate = validatorFor(schema);
      expect(validate(res.data), `${method} ${path} ${status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // And a wrong answer would not pass: the schemas are strict.
    const roster = validatorFor(doc.paths["/api/v1/roster"]!.get!.responses["200"]!.content["application/json"]!.schema);
    expect(roster({ ...cases[0]![3].data, extra: 1 })).toBe(false);
  });
});

describe("revocation and throttling", () => {
  it("a revoked token is refused (401), and the revocation is audited", async () => {
    const token = await makeToken(fx.cookies.adminA!, "Old system", "read");
    expect((await api("/api/v1/statuses", token)).status).toBe(200);
    const id = (db.prepare("SELECT id FROM api_tokens WHERE name = 'Old system'").get() as { id: string }).id;
    const res = await server.request("/employer/api", { cookie: fx.cookies.adminA, form: { intent: "revoke", tokenId: id } });
    expect(res.status).toBe(200);
    const after = await api("/api/v1/statuses", token);
    expect(after.status).toBe(401);
    expect(after.data).toMatchObject({ error: "unauthorized", message: "This API token was revoked." });
    expect(auditRows("api-token-revoked").at(-1)).toMatchObject({ actor_kind: "employer_admin", target_id: id, employer_id: fx.ids.employerA });
  });

  it("throttles each token: 429 with Retry-After, other tokens unaffected", async () => {
    const token = await makeToken(fx.cookies.adminA!, "Busy loop", "read");
    let last = 0;
    let n = 0;
    for (; n < 200; n++) {
      last = (await api("/api/v1/statuses", token)).status;
      if (last !== 200) break;
    }
    expect(n).toBe(120);
    const res = await api("/api/v1/statuses", token);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.data).toMatchObject({ error: "throttled" });
    expect((await api("/api/v1/statuses", tokens.aRead)).status).toBe(200);
  });
});
