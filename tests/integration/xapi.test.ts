/**
 * xAPI end to end (ADR 035): a small LRS-like HTTP server in this process receives what the
 * delivery worker sends with @xapi/xapi; every statement is checked with Learning Locker's
 * validator (xapi-validation), and the statements come from the real code paths (modules
 * completed through the module route, quizzes graded through the quiz route, the admin's
 * revocation).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import xapiValidation from "xapi-validation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventOutbox } from "#db/schema.ts";
import * as quiz from "#app/routes/learn.$courseId.quiz.tsx";
import * as adminCerts from "#app/routes/admin.certificates.tsx";
import { statementId } from "#app/domain/xapi.ts";
import { deliverDue } from "#app/server/delivery-worker.server.ts";
import { getCourse } from "#app/server/content.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { getDb } from "#app/utils/db.server.ts";
import { resetEnvCache } from "#app/utils/env.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { call, completeAllModules, joinAsWorker, post, signInAs, startTestApp } from "#tests/support/harness.ts";

const validate = ((xapiValidation as unknown as { default?: unknown }).default ?? xapiValidation) as (s: unknown) => unknown[];
const COURSE = "recognize-and-respond";

interface Statement {
  id: string;
  actor: { objectType: string; account: { homePage: string; name: string } };
  verb: { id: string };
  object: { objectType: string; id: string };
  result?: { success?: boolean; score?: { scaled: number } };
}
let lrs: http.Server;
let got: { headers: http.IncomingHttpHeaders; url: string; statement: Statement }[] = [];

async function deliverAll() {
  for (let i = 0; i < 20; i++) {
    const r = await deliverDue(now(), { random: () => 0 });
    if (r.delivered + r.retrying + r.dead === 0) return;
  }
}

async function takeQuiz(cookie: string, pass: boolean): Promise<string | null> {
  const q = (await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params: { courseId: COURSE } })).data as { quiz: { attemptId: string; questions: { id: string }[] } };
  const byId = new Map(getCourse(COURSE)!.questions.map((x) => [x.id, x]));
  const form: Record<string, string[] | string> = { attest: "on", attempt: q.quiz.attemptId };
  for (const item of q.quiz.questions) {
    const choices = byId.get(item.id)!.choices;
    form[`q.${item.id}`] = pass ? choices.filter((c) => c.correct).map((c) => c.id) : [choices.find((c) => !c.correct)!.id];
  }
  const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params: { courseId: COURSE }, form });
  return pass ? res.location!.split("/").at(-1)! : null;
}

beforeAll(async () => {
  lrs = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const statement = JSON.parse(body) as Statement;
      got.push({ headers: req.headers, url: req.url ?? "", statement });
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify([statement.id]));
    });
  });
  await new Promise<void>((r) => lrs.listen(0, "127.0.0.1", r));
  process.env.XAPI_ENDPOINT = `http://127.0.0.1:${(lrs.address() as AddressInfo).port}/xapi/`;
  process.env.XAPI_KEY = "lrs-key";
  process.env.XAPI_SECRET = "lrs-secret";
  await startTestApp();
  // The demo data's own statements (its certified worker) go first.
  await deliverAll();
  got = [];
});

afterAll(async () => {
  await new Promise((r) => lrs.close(r));
  for (const k of ["XAPI_ENDPOINT", "XAPI_KEY", "XAPI_SECRET"]) delete process.env[k];
  resetEnvCache();
});

describe("xAPI statements", () => {
  let code = "";
  let earnedId = "";

  it("module completed, quiz failed and passed, certificate earned: valid statements, sent with Basic auth and the xAPI version", async () => {
    got = [];
    const passer = await joinAsWorker({ username: "xapi-passer", role: "housekeeping", name: "Xavier Passer" });
    const failer = await joinAsWorker({ username: "xapi-failer", role: "housekeeping", name: "Fay Failer" });
    await completeAllModules(passer);
    await completeAllModules(failer);
    code = (await takeQuiz(passer, true))!;
    await takeQuiz(failer, false);
    // Queued in the outbox; nothing reached the LRS during the requests.
    expect(got).toHaveLength(0);
    await deliverAll();

    const verbs = got.map((g) => g.statement.verb.id.split("/").at(-1));
    const modules = getCourse(COURSE)!.modules.length;
    expect(verbs.filter((v) => v === "completed").length).toBeGreaterThanOrEqual(2);
    expect(verbs.filter((v) => v === "completed").length).toBeLessThanOrEqual(2 * modules);
    expect(verbs.filter((v) => v === "passed")).toHaveLength(1);
    expect(verbs.filter((v) => v === "failed")).toHaveLength(1);
    expect(verbs.filter((v) => v === "earned")).toHaveLength(1);

    for (const g of got) {
      expect(validate(g.statement), JSON.stringify(g.statement)).toEqual([]);
      expect(g.url).toBe("/xapi/statements");
      expect(g.headers.authorization).toBe(`Basic ${Buffer.from("lrs-key:lrs-secret").toString("base64")}`);
      expect(g.headers["x-experience-api-version"]).toBe("1.0.3");
      // The learner is an account on the site, with an opaque name: no email, no name.
      expect(g.statement.actor.account.homePage).toBe(publicOrigin());
      expect(g.statement.actor.account.name).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(g.statement)).not.toMatch(/Xavier|Fay|@|mbox/);
    }
    const passed = got.find((g) => g.statement.verb.id.endsWith("/passed"))!.statement;
    const failed = got.find((g) => g.statement.verb.id.endsWith("/failed"))!.statement;
    expect(passed.result).toMatchObject({ success: true, score: { scaled: 1 } });
    expect(failed.result?.success).toBe(false);
    expect(passed.actor.account.name).not.toBe(failed.actor.account.name);
    // One learner, one name across their statements.
    earnedId = got.find((g) => g.statement.verb.id.endsWith("/earned"))!.statement.id;
    const names = new Set(got.filter((g) => g.statement.actor.account.name !== failed.actor.account.name).map((g) => g.statement.actor.account.name));
    expect(names.size).toBe(1);
  });

  it("revocation sends a voiding statement that names the certificate's 'earned' statement", async () => {
    got = [];
    const platform = await signInAs("demo-admin");
    expect((await post(adminCerts.action, "/admin/certificates", { cookie: platform, form: { code, reason: "Issued in error during a test" } })).status).toBe(200);
    await deliverAll();
    expect(got).toHaveLength(1);
    const voiding = got[0]!.statement;
    expect(validate(voiding)).toEqual([]);
    expect(voiding.verb.id).toBe("http://adlnet.gov/expapi/verbs/voided");
    expect(voiding.object).toEqual({ objectType: "StatementRef", id: earnedId });
  });

  it("the validator is not a rubber stamp: it rejects an email actor without mailto and a missing verb", () => {
    expect(validate({ actor: { mbox: "someone@example.org" }, object: { id: "http://x.test/a" } }).length).toBeGreaterThan(0);
    expect(statementId("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(statementId("a")).toBe(statementId("a"));
    expect(statementId("a")).not.toBe(statementId("b"));
  });

  it("queues nothing when XAPI_ENDPOINT is not set", async () => {
    const saved = process.env.XAPI_ENDPOINT;
    delete process.env.XAPI_ENDPOINT;
    resetEnvCache();
    try {
      const before = getDb().select().from(eventOutbox).all().length;
      const worker = await joinAsWorker({ username: "xapi-off", role: "housekeeping" });
      await completeAllModules(worker);
      await takeQuiz(worker, true);
      expect(getDb().select().from(eventOutbox).all().length).toBe(before);
    } finally {
      process.env.XAPI_ENDPOINT = saved;
      resetEnvCache();
    }
  });
});
