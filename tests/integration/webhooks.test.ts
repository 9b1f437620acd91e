/**
 * Webhooks end to end (ADR 033): a real HTTP receiver in this process (node:http) gets what the
 * delivery worker sends; events come from the real code paths (the quiz route issuing a
 * certificate, the admin's revocation, statuses that time turns overdue or expiring).
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, employments, eventOutbox, users } from "#db/schema.ts";
import * as quiz from "#app/routes/learn.$courseId.quiz.tsx";
import * as webhooksPage from "#app/routes/employer.webhooks.tsx";
import * as adminCerts from "#app/routes/admin.certificates.tsx";
import { checkEndpointUrl, deliveryBackoffMs, MAX_DELIVERY_ATTEMPTS } from "#app/domain/webhooks.ts";
import { dailyAggregates } from "#app/models/aggregates.server.ts";
import { addEmployment } from "#app/models/employment.server.ts";
import { changeStatuses } from "#app/models/status.server.ts";
import { deliverDue, startDeliveryWorker, stopDeliveryWorker } from "#app/server/delivery-worker.server.ts";
import { getCourse } from "#app/server/content.server.ts";
import { advanceClock, now } from "#app/utils/clock.server.ts";
import { closeDb, getDb } from "#app/utils/db.server.ts";
import { resetEnvCache } from "#app/utils/env.server.ts";
import { RefusedAddressError, safePost } from "#app/utils/safe-post.server.ts";
import { call, completeAllModules, joinAsWorker, post, signInAs, startTestApp } from "#tests/support/harness.ts";

const COURSE = "recognize-and-respond";

interface Got {
  headers: http.IncomingHttpHeaders;
  body: string;
}
let server: http.Server;
let hookUrl = "";
let got: Got[] = [];
/** Status codes the receiver answers with, one per request; 200 once they run out. */
let answers: number[] = [];

let admin = "";
let secret = "";
let endpointId = "";

/** The receiver's check, as the README shows it: HMAC-SHA256 of `id.timestamp.body` with the secret's bytes. */
function verifies(g: Got, key: string): boolean {
  const id = String(g.headers["webhook-id"]);
  const ts = String(g.headers["webhook-timestamp"]);
  const expected = crypto.createHmac("sha256", Buffer.from(key.replace(/^whsec_/, ""), "base64")).update(`${id}.${ts}.${g.body}`).digest("base64");
  return String(g.headers["webhook-signature"])
    .split(" ")
    .some((s) => s.startsWith("v1,") && crypto.timingSafeEqual(Buffer.from(s.slice(3)), Buffer.from(expected)));
}

const bodies = () => got.map((g) => JSON.parse(g.body) as { type: string; timestamp: string; data: Record<string, unknown> });
const rows = () => getDb().select().from(eventOutbox).all();

async function deliverAll() {
  for (let i = 0; i < 20; i++) {
    const r = await deliverDue(now(), { random: () => 0 });
    if (r.delivered + r.retrying + r.dead === 0) return;
  }
}

async function passQuiz(cookie: string): Promise<string> {
  await completeAllModules(cookie);
  const q = (await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params: { courseId: COURSE } })).data as { quiz: { attemptId: string; questions: { id: string }[] } };
  const byId = new Map(getCourse(COURSE)!.questions.map((x) => [x.id, x]));
  const form: Record<string, string[] | string> = { attest: "on", attempt: q.quiz.attemptId };
  for (const item of q.quiz.questions) form[`q.${item.id}`] = byId.get(item.id)!.choices.filter((c) => c.correct).map((c) => c.id);
  const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params: { courseId: COURSE }, form });
  expect(res.status).toBe(302);
  return res.location!.split("/").at(-1)!;
}

function employmentOf(username: string) {
  const u = getDb().select().from(users).where(eq(users.username, username)).get()!;
  return getDb().select().from(employments).where(eq(employments.userId, u.id)).get()!;
}

beforeAll(async () => {
  process.env.WEBHOOKS = "1";
  await startTestApp();
  server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/training`;
  admin = await signInAs("demo-employer");
});

// Tests move the clock by days and months: a fresh session each time.
beforeEach(async () => {
  admin = await signInAs("demo-employer");
});

afterAll(async () => {
  await stopDeliveryWorker();
  await new Promise((r) => server.close(r));
  delete process.env.WEBHOOKS;
  resetEnvCache();
});

describe("registering an endpoint", () => {
  it("refuses a bad address or no events with a clear 400 and writes nothing", async () => {
    for (const [form, field] of [
      [{ intent: "add", url: "ftp://example.com/x", events: "certificate.issued" }, "url"],
      [{ intent: "add", url: "http://hooks.example.com/x", events: "certificate.issued" }, "url"],
      [{ intent: "add", url: hookUrl }, "events"],
      [{ intent: "add", url: hookUrl, events: "nope" }, "events"],
    ] as const) {
      const res = await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(Object.keys((res.data as { errors: Record<string, string> }).errors)).toContain(field);
    }
    expect((await call(webhooksPage.loader, "/employer/webhooks", { cookie: admin })).data).toMatchObject({ enabled: true, endpoints: [] });
  });

  it("adds one with a secret shown once (stored encrypted), audited", async () => {
    const res = await post(webhooksPage.action, "/employer/webhooks", {
      cookie: admin,
      form: new URLSearchParams([["intent", "add"], ["url", hookUrl], ["events", "certificate.issued"], ["events", "training.expiring_soon"], ["events", "training.overdue"], ["events", "certificate.revoked"]]),
    });
    expect(res.status).toBe(200);
    secret = (res.data as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const page = (await call(webhooksPage.loader, "/employer/webhooks", { cookie: admin })).data as { endpoints: { id: string; url: string; events: string[] }[] };
    expect(page.endpoints).toHaveLength(1);
    expect(page.endpoints[0]!.url).toBe(hookUrl);
    expect(page.endpoints[0]!.events).toHaveLength(4);
    expect(JSON.stringify(page)).not.toContain(secret);
    endpointId = page.endpoints[0]!.id;
    const stored = getDb().$client.prepare("SELECT secret_enc FROM webhook_endpoints").get() as { secret_enc: string };
    expect(stored.secret_enc).not.toContain(secret.slice(6, 20));
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "webhook-added")).all()).toHaveLength(1);
  });
});

describe("delivery", () => {
  it("signs a test event so that the Standard Webhooks library and the README's snippet verify it", async () => {
    got = [];
    const res = await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "test", endpointId } });
    expect(res.status).toBe(200);
    // Queued only: the request did not send it.
    expect(got).toHaveLength(0);
    await deliverAll();
    expect(got).toHaveLength(1);
    const g = got[0]!;
    expect(g.headers["content-type"]).toBe("application/json");
    const payload = new Webhook(secret).verify(g.body, {
      "webhook-id": String(g.headers["webhook-id"]),
      "webhook-timestamp": String(g.headers["webhook-timestamp"]),
      "webhook-signature": String(g.headers["webhook-signature"]),
    }) as { type: string };
    expect(payload.type).toBe("webhook.test");
    expect(verifies(g, secret)).toBe(true);
    // A changed body, or another secret, does not verify.
    expect(verifies({ ...g, body: g.body.replace("webhook.test", "webhook.tesT") }, secret)).toBe(false);
    expect(() => new Webhook(`whsec_${crypto.randomBytes(32).toString("base64")}`).verify(g.body, g.headers as Record<string, string>)).toThrow();
    const history = (await call(webhooksPage.loader, "/employer/webhooks", { cookie: admin })).data as { deliveries: { kind: string; status: string; code: number; attempts: number }[] };
    expect(history.deliveries[0]).toMatchObject({ kind: "webhook.test", status: "delivered", code: 200, attempts: 1 });
  });

  it("retries a receiver that fails twice with backoff and delivers on the third attempt, same Webhook-Id", async () => {
    got = [];
    answers = [500, 503];
    await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "test", endpointId } });
    const run = () => deliverDue(now(), { random: () => 0 });
    expect(await run()).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    const first = rows().find((r) => r.status === "pending")!;
    expect(first).toMatchObject({ attempts: 1, lastStatusCode: 500, lastError: "HTTP 500" });
    expect(first.nextAttemptAt - now().getTime()).toBeGreaterThanOrEqual(deliveryBackoffMs(1, 0) - 1000);
    // Not due yet: nothing is sent.
    expect(await run()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    expect(got).toHaveLength(1);
    advanceClock(deliveryBackoffMs(1, 0) + 1);
    expect(await run()).toEqual({ delivered: 0, retrying: 1, dead: 0 });
    advanceClock(deliveryBackoffMs(2, 0) - 2000);
    expect(await run()).toEqual({ delivered: 0, retrying: 0, dead: 0 });
    advanceClock(2001);
    expect(await run()).toEqual({ delivered: 1, retrying: 0, dead: 0 });
    expect(got).toHaveLength(3);
    expect(new Set(got.map((g) => g.headers["webhook-id"])).size).toBe(1);
    expect(getDb().select().from(eventOutbox).where(eq(eventOutbox.id, first.id)).get()).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200 });
  });

  it("gives a delivery up as dead after the last attempt, and says so in the history", async () => {
    got = [];
    answers = Array.from({ length: MAX_DELIVERY_ATTEMPTS }, () => 500);
    await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "test", endpointId } });
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS + 2; i++) {
      await deliverDue(now(), { random: () => 0 });
      advanceClock(7 * 3600_000);
    }
    expect(got).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    admin = await signInAs("demo-employer");
    const history = (await call(webhooksPage.loader, "/employer/webhooks", { cookie: admin })).data as { deliveries: { status: string; attempts: number; lastError: string }[] };
    expect(history.deliveries[0]).toMatchObject({ status: "dead", attempts: MAX_DELIVERY_ATTEMPTS, lastError: "HTTP 500" });
  });

  it("still delivers an event queued before a restart (database closed and reopened, a new worker started)", async () => {
    got = [];
    answers = [];
    await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "test", endpointId } });
    closeDb();
    expect(startDeliveryWorker({ everyMs: 20 })).toBe(true);
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await stopDeliveryWorker();
    expect(got).toHaveLength(1);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ type: "webhook.test" });
    expect(rows().filter((r) => r.status === "pending")).toEqual([]);
  });

  it("times a slow receiver out and counts it as a failed attempt", async () => {
    const slow = http.createServer(() => {});
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
    await expect(safePost(url, "{}", {}, { timeoutMs: 200, allowPrivate: true })).rejects.toThrow(/timed out/);
    slow.closeAllConnections();
    await new Promise((r) => slow.close(r));
  });
});

describe("events from the real code paths", () => {
  let holder = "";
  let code = "";

  it("certificate.issued when the quiz is passed, with ids and no name or email", async () => {
    got = [];
    holder = await joinAsWorker({ username: "hook-holder", role: "housekeeping", name: "Hook Holder" });
    code = await passQuiz(holder);
    await deliverAll();
    const issued = bodies().filter((b) => b.type === "certificate.issued");
    expect(issued).toHaveLength(1);
    const job = employmentOf("hook-holder");
    expect(issued[0]!.data).toMatchObject({ employmentId: job.id, employeeId: null, certificateCode: code.replace(/-/g, ""), courseId: COURSE });
    expect(JSON.stringify(issued[0])).not.toMatch(/Hook Holder|@/);
    expect(got.every((g) => verifies(g, secret))).toBe(true);
  });

  it("training.overdue when a due date passes (the daily job), with the employer's employee ID", async () => {
    got = [];
    const job = changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: employmentOf("hook-holder").employerId, employeeId: "LI-7001", jobRole: "housekeeping", fullName: "Olga Overdue", hireDate: new Date(now().getTime()).toISOString().slice(0, 10) }, now(), tx));
    const status = getDb().$client.prepare("SELECT kind, due_date FROM employment_status WHERE employment_id = ?").get(job.id) as { kind: string; due_date: string };
    expect(status.kind).toBe("due");
    advanceClock(Date.parse(`${status.due_date}T12:00:00Z`) - now().getTime() + 2 * 86_400_000);
    dailyAggregates(now());
    await deliverAll();
    const overdue = bodies().filter((b) => b.type === "training.overdue" && b.data.employmentId === job.id);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.data).toMatchObject({ employeeId: "LI-7001", status: "overdue", dueDate: status.due_date });
    expect(JSON.stringify(overdue[0])).not.toContain("Olga");
  });

  it("training.expiring_soon when a certificate enters its last days (the daily job)", async () => {
    got = [];
    const job = employmentOf("hook-holder");
    const { valid_until } = getDb().$client.prepare("SELECT valid_until FROM employment_status WHERE employment_id = ?").get(job.id) as { valid_until: string };
    advanceClock(Date.parse(`${valid_until}T12:00:00Z`) - now().getTime() - 20 * 86_400_000);
    dailyAggregates(now());
    await deliverAll();
    const soon = bodies().filter((b) => b.type === "training.expiring_soon" && b.data.employmentId === job.id);
    expect(soon).toHaveLength(1);
    expect(soon[0]!.data).toMatchObject({ status: "expiring", validUntil: valid_until });
  });

  it("certificate.revoked when the platform admin revokes it", async () => {
    got = [];
    const platform = await signInAs("demo-admin");
    const res = await post(adminCerts.action, "/admin/certificates", { cookie: platform, form: { code, reason: "Issued in error during a test" } });
    expect(res.status).toBe(200);
    await deliverAll();
    const revoked = bodies().filter((b) => b.type === "certificate.revoked");
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.data).toMatchObject({ certificateCode: code.replace(/-/g, ""), employmentId: employmentOf("hook-holder").id });
  });
});

describe("managing endpoints", () => {
  it("rotates the secret: the old one stops verifying, the new one verifies; audited", async () => {
    got = [];
    const res = await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "rotate", endpointId } });
    const fresh = (res.data as { secret: string }).secret;
    expect(fresh).not.toBe(secret);
    await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "test", endpointId } });
    await deliverAll();
    expect(verifies(got[0]!, fresh)).toBe(true);
    expect(verifies(got[0]!, secret)).toBe(false);
    secret = fresh;
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "webhook-secret-rotated")).all()).toHaveLength(1);
  });

  it("refuses another employer's endpoint (404) and a bad id (400)", async () => {
    const other = await (async () => {
      const { createEmployer } = await import("#app/models/employer.server.ts");
      const { createUser } = await import("#app/models/user.server.ts");
      const e = createEmployer({ name: "Other Hotel", sector: "lodging", jurisdiction: "US-TX", joinCode: "OTHER-HOOKS" }, now());
      await createUser({ username: "other-hooks-admin", name: "Other Admin", password: "frontline-demo", kind: "employer_admin", employerId: e.id }, now());
      return signInAs("other-hooks-admin");
    })();
    for (const intent of ["test", "rotate", "remove"]) {
      expect((await post(webhooksPage.action, "/employer/webhooks", { cookie: other, form: { intent, endpointId } })).status).toBe(404);
    }
    expect((await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "rotate" } })).status).toBe(400);
  });

  it("removes an endpoint: it receives nothing more, its history stays; audited", async () => {
    const res = await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "remove", endpointId } });
    expect(res.status).toBe(200);
    const before = rows().length;
    changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: employmentOf("hook-holder").employerId, jobRole: "housekeeping", fullName: "Late Hire", hireDate: "2020-01-01" }, now(), tx));
    expect(rows().length).toBe(before);
    const page = (await call(webhooksPage.loader, "/employer/webhooks", { cookie: admin })).data as { endpoints: unknown[]; deliveries: unknown[] };
    expect(page.endpoints).toEqual([]);
    expect(page.deliveries.length).toBeGreaterThan(0);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "webhook-removed")).all()).toHaveLength(1);
  });
});

describe("off by default", () => {
  it("queues nothing and refuses changes when WEBHOOKS is not set", async () => {
    // A fresh endpoint while on, then webhooks off.
    const added = await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: new URLSearchParams([["intent", "add"], ["url", hookUrl], ["events", "training.overdue"], ["events", "certificate.issued"]]) });
    expect(added.status).toBe(200);
    delete process.env.WEBHOOKS;
    resetEnvCache();
    try {
      const before = rows().length;
      changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: employmentOf("hook-holder").employerId, jobRole: "housekeeping", fullName: "Off Hire", hireDate: "2020-01-01" }, now(), tx));
      const worker = await joinAsWorker({ username: "hook-off", role: "housekeeping" });
      await passQuiz(worker);
      expect(rows().length).toBe(before);
      const page = (await call(webhooksPage.loader, "/employer/webhooks", { cookie: admin })).data as { enabled: boolean };
      expect(page.enabled).toBe(false);
      expect((await post(webhooksPage.action, "/employer/webhooks", { cookie: admin, form: { intent: "add", url: hookUrl, events: "certificate.issued" } })).status).toBe(409);
      expect(startDeliveryWorker()).toBe(false);
    } finally {
      process.env.WEBHOOKS = "1";
      resetEnvCache();
    }
  });
});

describe("addresses (SSRF)", () => {
  it("accepts https on the internet; in production refuses http, loopback, private and link-local addresses", () => {
    expect(checkEndpointUrl("https://hooks.example.com/x", true)).toEqual({ ok: true, url: "https://hooks.example.com/x" });
    for (const [url, error] of [
      ["http://hooks.example.com/x", "https"],
      ["http://localhost:8080/x", "https"],
      ["https://localhost/x", "private"],
      ["https://127.0.0.1/x", "private"],
      ["https://10.1.2.3/x", "private"],
      ["https://172.20.0.1/x", "private"],
      ["https://192.168.1.1/x", "private"],
      ["https://169.254.169.254/latest/meta-data", "private"],
      ["https://100.64.0.1/x", "private"],
      ["https://[::1]/x", "private"],
      ["https://[fd00::1]/x", "private"],
      ["https://[::ffff:127.0.0.1]/x", "private"],
      ["https://user:pw@hooks.example.com/x", "invalid"],
      ["not a url", "invalid"],
    ] as const) {
      expect(checkEndpointUrl(url, true), url).toEqual({ ok: false, error });
    }
    // Development and tests: http to this machine only.
    expect(checkEndpointUrl("http://localhost:8080/x", false).ok).toBe(true);
    expect(checkEndpointUrl("http://hooks.example.com/x", false)).toEqual({ ok: false, error: "https" });
  });

  it("refuses at delivery a private address, literal or behind a name, when private addresses are not allowed", async () => {
    await expect(safePost(hookUrl, "{}", {}, { timeoutMs: 2000, allowPrivate: false })).rejects.toBeInstanceOf(RefusedAddressError);
    const byName = hookUrl.replace("127.0.0.1", "localhost");
    const before = got.length;
    await expect(safePost(byName, "{}", {}, { timeoutMs: 2000, allowPrivate: false })).rejects.toThrow(/private address/);
    expect(got.length).toBe(before);
  });
});
