import { beforeAll, describe, expect, it } from "vitest";
import * as login from "#app/routes/login.tsx";
import * as join from "#app/routes/join.$joinCode.tsx";
import * as logout from "#app/routes/logout.tsx";
import * as learn from "#app/routes/learn._index.tsx";
import * as account from "#app/routes/account._index.tsx";
import { call, countRows, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";

beforeAll(async () => {
  await startTestApp();
});

describe("POST /login", () => {
  it("signs a demo worker in and redirects to /learn with a session cookie", async () => {
    const before = await countRows("sessions");
    const res = await post(login.action, "/login", { form: { username: "demo-worker", password: "frontline-demo" } });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/learn");
    expect(res.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(res.headers.get("Set-Cookie")).toMatch(/SameSite=Lax/i);
    expect(await countRows("sessions")).toBe(before + 1);
    const page = await call(learn.loader, "/learn", { cookie: res.cookie });
    expect(page.status).toBe(200);
  });

  it("accepts the username in any case", async () => {
    const res = await post(login.action, "/login", { form: { username: "  Demo-Worker ", password: "frontline-demo" } });
    expect(res.status).toBe(302);
  });

  it("sends every other demo account to its landing page", async () => {
    for (const username of ["demo-employer", "demo-council", "demo-admin"]) {
      const cookie = await signInAs(username);
      const page = await call(account.loader, "/account", { cookie });
      expect(page.status, username).toBe(200);
    }
  });

  it("answers a wrong password and an unknown user alike: 401, same message, no session", async () => {
    const before = await countRows("sessions");
    const wrong = await post(login.action, "/login", { form: { username: "demo-worker", password: "not-the-password" } });
    const unknown = await post(login.action, "/login", { form: { username: "nobody-here", password: "not-the-password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.cookie).toBeNull();
    expect((wrong.data as { errors: unknown }).errors).toEqual((unknown.data as { errors: unknown }).errors);
    expect(await countRows("sessions")).toBe(before);
  });

  it("rejects missing fields with 400 and a message per field", async () => {
    const res = await post(login.action, "/login", { form: { username: "" } });
    expect(res.status).toBe(400);
    expect(Object.keys((res.data as { errors: object }).errors).sort()).toEqual(["password", "username"]);
  });

  it("rejects a body that is not a form with 415, never 500", async () => {
    const res = await post(login.action, "/login", { body: '{"username":"x"}', contentType: "application/json" });
    expect(res.status).toBe(415);
  });

  it("only follows same-site redirects after sign-in", async () => {
    const evil = await post(login.action, "/login", {
      form: { username: "demo-worker", password: "frontline-demo", redirectTo: "//evil.example/x" },
    });
    expect(evil.location).toBe("/learn");
    const ok = await post(login.action, "/login", {
      form: { username: "demo-worker", password: "frontline-demo", redirectTo: "/learn?x=1" },
    });
    expect(ok.location).toBe("/learn?x=1");
  });

  it("signs out: the session row is deleted and the cookie stops working", async () => {
    const cookie = await signInAs("demo-driver");
    const out = await post(logout.action, "/logout", { cookie });
    expect(out.status).toBe(302);
    const page = await call(learn.loader, "/learn", { cookie });
    expect(page.status).toBe(302);
    expect(page.location).toMatch(/^\/login/);
  });
});

describe("/join/<joinCode>", () => {
  const form = { name: "Ana Pérez", username: "ana.perez", password: "a long enough password", role: "housekeeping" };

  it("shows the employer and the roles of its sector", async () => {
    const res = await call(join.loader, "/join/LAKESIDE-INN", { params: { joinCode: "LAKESIDE-INN" } });
    expect(res.status).toBe(200);
    const d = res.data as { employer: string; roles: { id: string }[] };
    expect(d.employer).toBe("Lakeside Inn");
    expect(d.roles.map((r) => r.id)).toContain("housekeeping");
    expect(d.roles.map((r) => r.id)).not.toContain("transit-operator");
  });

  it("accepts the join code in lower case (typed from a poster)", async () => {
    const res = await call(join.loader, "/join/lakeside-inn", { params: { joinCode: "lakeside-inn" } });
    expect(res.status).toBe(200);
  });

  it("answers an unknown join code with 404", async () => {
    const res = await call(join.loader, "/join/NOPE", { params: { joinCode: "NOPE" } });
    expect(res.status).toBe(404);
    const act = await post(join.action, "/join/NOPE", { params: { joinCode: "NOPE" }, form });
    expect(act.status).toBe(404);
  });

  it("creates the worker without an email, signs them in and sends them to /learn", async () => {
    const res = await post(join.action, "/join/LAKESIDE-INN", { params: { joinCode: "LAKESIDE-INN" }, form });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/learn");
    const page = await call(learn.loader, "/learn", { cookie: res.cookie });
    expect(page.status).toBe(200);
    expect((page.data as { name: string; employer: string }).name).toBe("Ana Pérez");
  });

  it("refuses a taken username with a clear message and writes nothing", async () => {
    const before = await snapshotCounts();
    const res = await post(join.action, "/join/LAKESIDE-INN", {
      params: { joinCode: "LAKESIDE-INN" },
      form: { ...form, username: "DEMO-WORKER" },
    });
    expect(res.status).toBe(409);
    expect((res.data as { errors: Record<string, string> }).errors.username).toMatch(/taken/);
    expect(await snapshotCounts()).toEqual(before);
  });

  it.each([
    ["a role from another sector", { role: "transit-operator" }, "role"],
    ["a short password", { password: "short" }, "password"],
    ["the published demo password", { password: "frontline-demo" }, "password"],
    ["an empty name", { name: "   " }, "name"],
    ["a username with spaces", { username: "ana perez" }, "username"],
  ])("rejects %s with 400 and writes nothing", async (_label, patch, field) => {
    const before = await snapshotCounts();
    const res = await post(join.action, "/join/LAKESIDE-INN", { params: { joinCode: "LAKESIDE-INN" }, form: { ...form, username: "new-user", ...patch } });
    expect(res.status).toBe(400);
    expect(Object.keys((res.data as { errors: object }).errors)).toContain(field);
    expect(await snapshotCounts()).toEqual(before);
  });
});
