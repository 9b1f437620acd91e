/**
 * Accounts and sessions, through the route functions: timeouts, https cookies, email
 * sign-in, set-up and reset links, several employers per worker, the admin's tools, and
 * what a council sees.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as login from "#app/routes/login.tsx";
import * as learn from "#app/routes/learn._index.tsx";
import * as account from "#app/routes/account._index.tsx";
import * as admin from "#app/routes/admin._index.tsx";
import * as resetLink from "#app/routes/reset.$token.tsx";
import * as forgot from "#app/routes/forgot.tsx";
import * as join from "#app/routes/join.$joinCode.tsx";
import * as employerHome from "#app/routes/employer._index.tsx";
import * as roster from "#app/routes/employer.roster.tsx";
import * as workerPage from "#app/routes/employer.workers.$employmentId.tsx";
import * as certPage from "#app/routes/certificates.$code.tsx";
import * as council from "#app/routes/council._index.tsx";
import { call, countRows, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let advanceClock: (ms: number) => void;

beforeAll(async () => {
  await startTestApp();
  ({ advanceClock } = await import("#app/utils/clock.server.ts"));
});

afterEach(async () => {
  vi.restoreAllMocks();
  const { throttles } = await import("#app/utils/throttle.server.ts");
  for (const t of Object.values(throttles)) t.reset();
});

async function lastAudit(n = 1) {
  const { listAudit } = await import("#app/models/audit.server.ts");
  return listAudit({ limit: n }).reverse();
}

async function ids() {
  const { getUserByUsername } = await import("#app/models/user.server.ts");
  const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
  return {
    lakeside: getEmployerByJoinCode("LAKESIDE-INN")!.id,
    metro: getEmployerByJoinCode("METRO-TRANSIT")!.id,
    user: (u: string) => getUserByUsername(u)!,
  };
}

describe("session timeouts", () => {
  it("ends a staff session after 2 idle hours, but not while it is in use", async () => {
    const cookie = await signInAs("demo-employer");
    const page = () => call(account.loader, "/account", { cookie });
    advanceClock(HOUR + 59 * 60_000);
    expect((await page()).status).toBe(200);
    advanceClock(HOUR + 59 * 60_000);
    expect((await page()).status).toBe(200);
    advanceClock(2 * HOUR + 1000);
    const after = await page();
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/login/);
  });

  it("ends a staff session 12 hours after sign-in however active", async () => {
    const cookie = await signInAs("demo-council");
    for (let h = 1; h < 12; h++) {
      advanceClock(HOUR);
      expect((await call(account.loader, "/account", { cookie })).status, `hour ${h}`).toBe(200);
    }
    advanceClock(HOUR);
    expect((await call(account.loader, "/account", { cookie })).status).toBe(302);
  });

  it("keeps a worker signed in for days of use, up to 30 days; 7 idle days end it", async () => {
    const daily = await signInAs("demo-worker");
    const idle = await signInAs("demo-worker");
    for (let d = 1; d < 30; d++) {
      advanceClock(DAY);
      expect((await call(learn.loader, "/learn", { cookie: daily })).status, `day ${d}`).toBe(200);
      if (d === 6) expect((await call(learn.loader, "/learn", { cookie: idle })).status).toBe(200);
      if (d === 14) expect((await call(learn.loader, "/learn", { cookie: idle })).status).toBe(302);
    }
    advanceClock(DAY);
    expect((await call(learn.loader, "/learn", { cookie: daily })).status).toBe(302);
  });
});

describe("cookies over https", () => {
  it("names the cookie __Host-fr_session and marks it Secure; the plain-http cookie is not accepted there", async () => {
    const res = await post(login.action, "https://frontline.example/login", { form: { username: "demo-worker", password: "frontline-demo" } });
    expect(res.status).toBe(302);
    const set = res.headers.get("Set-Cookie")!;
    expect(set).toMatch(/^__Host-fr_session=/);
    expect(set).toMatch(/Secure/);
    expect(set).toMatch(/HttpOnly/);
    expect((await call(learn.loader, "https://frontline.example/learn", { cookie: res.cookie })).status).toBe(200);
    const plain = await signInAs("demo-worker");
    expect((await call(learn.loader, "https://frontline.example/learn", { cookie: plain })).status).toBe(302);
  });
});

describe("staff accounts, email sign-in and set-up links", () => {
  it("lets the platform admin create an employer and its admin, who sets a password by link and signs in by email", async () => {
    const platform = await signInAs("demo-admin");
    const res = await post(admin.action, "/admin", {
      cookie: platform,
      form: {
        intent: "create-employer",
        employerName: "Harbor View Hotel",
        sector: "lodging",
        jurisdiction: "us-mn",
        county: "Hennepin",
        name: "Hana Kim",
        username: "hana.kim",
        email: "Hana.Kim@HarborView.example",
      },
    });
    expect(res.status).toBe(200);
    const link = (res.data as { setup: { link: string } }).setup.link;
    expect(link).toMatch(new RegExp(`^http://localhost:${process.env.PORT ?? 3000}/reset/[A-Za-z0-9_-]{43}$`));
    expect((await lastAudit(2)).map((r) => r.action)).toEqual(["employer-created", "account-created"]);
    const token = link.split("/").pop()!;
    const params = { token };
    expect((await call(resetLink.loader, `/reset/${token}`, { params })).status).toBe(200);
    // Policy and confirmation first; nothing is used up by a refused password.
    expect((await post(resetLink.action, `/reset/${token}`, { params, form: { password: "password1234", confirm: "password1234" } })).status).toBe(400);
    expect((await post(resetLink.action, `/reset/${token}`, { params, form: { password: "harbor view mornings", confirm: "harbor view evenings" } })).status).toBe(400);
    const set = await post(resetLink.action, `/reset/${token}`, { params, form: { password: "harbor view mornings", confirm: "harbor view mornings" } });
    expect(set.status).toBe(302);
    expect(set.location).toBe("/employer");
    expect((await call(resetLink.loader, `/reset/${token}`, { params })).status).toBe(404);

    const byEmail = await post(login.action, "/login", { form: { username: "hana.kim@harborview.example", password: "harbor view mornings" } });
    expect(byEmail.status).toBe(302);
    // The employer comes from the account: Hana sees Harbor View, and nothing of Lakeside's.
    const home = await call(employerHome.loader, "/employer", { cookie: byEmail.cookie });
    expect(home.status).toBe(200);
    expect((home.data as { employer: { name: string } }).employer.name).toBe("Harbor View Hotel");
    const list = await call(roster.loader, "/employer/roster", { cookie: byEmail.cookie });
    expect((list.data as { total: number }).total).toBe(0);
  });

  it("refuses a second account with the same username or email (409) and writes nothing", async () => {
    const platform = await signInAs("demo-admin");
    const before = await snapshotCounts();
    const res = await post(admin.action, "/admin", {
      cookie: platform,
      form: { intent: "create-council", jurisdiction: "US-MN", name: "Someone", username: "someone-new", email: "hana.kim@harborview.example" },
    });
    expect(res.status).toBe(409);
    expect((res.data as { errors: Record<string, string> }).errors.email).toBe("An account already uses that email address");
    const taken = await post(admin.action, "/admin", {
      cookie: platform,
      form: { intent: "create-council", jurisdiction: "US-MN", name: "Someone", username: "demo-council", email: "someone-new@council.example" },
    });
    expect(taken.status).toBe(409);
    expect((taken.data as { errors: Record<string, string> }).errors).toEqual({ username: "That username is taken" });
    expect(await snapshotCounts()).toEqual(before);
  });

  it("offers no reset link by email where no SMTP server is configured: says to ask the employer's admin, and writes nothing", async () => {
    const page = await call(forgot.loader, "/forgot");
    expect((page.data as { byEmail: boolean }).byEmail).toBe(false);
    expect((await call(login.loader, "/login")).data).toMatchObject({ resetByEmail: false });
    const before = await countRows("password_resets");
    const seq = (await lastAudit())[0]!.seq;
    for (const email of ["hana.kim@harborview.example", "nobody@nowhere.example"]) {
      const res = await post(forgot.action, "/forgot", { form: { email } });
      expect(res.status, email).toBe(404);
      expect((res.data as { errors: { form: string } }).errors.form).toMatch(/administrator/);
    }
    const es = await post(forgot.action, "/forgot", { form: { email: "hana.kim@harborview.example" }, headers: { "Accept-Language": "es" } });
    expect((es.data as { errors: { form: string } }).errors.form).toMatch(/administrador/);
    expect(await countRows("password_resets")).toBe(before);
    expect((await lastAudit())[0]!.seq).toBe(seq);
  });
});

describe("one worker, several employers", () => {
  it("adds a second employer to a signed-in worker's account; their certificate stays theirs", async () => {
    const cookie = await signInAs("demo-certified");
    const code = (await import("#app/models/certificate.server.ts")).listCertificatesForUser((await ids()).user("demo-certified").id)[0]!.code;
    const page = await call(join.loader, "/join/METRO-TRANSIT", { cookie, params: { joinCode: "METRO-TRANSIT" } });
    expect((page.data as { signedIn: { isWorker: boolean; alreadyHere: boolean } }).signedIn).toMatchObject({ isWorker: true, alreadyHere: false });
    const users = await countRows("users");
    const res = await post(join.action, "/join/METRO-TRANSIT", { cookie, params: { joinCode: "METRO-TRANSIT" }, form: { intent: "add-employer", role: "station-agent" } });
    expect(res.status).toBe(302);
    expect(await countRows("users")).toBe(users);
    expect((await lastAudit()).map((r) => r.action)).toEqual(["roster-joined"]);
    const again = await post(join.action, "/join/METRO-TRANSIT", { cookie, params: { joinCode: "METRO-TRANSIT" }, form: { intent: "add-employer", role: "station-agent" } });
    expect(again.status).toBe(409);
    const { formatCertificateCode } = await import("#app/domain/certificate-code.ts");
    const pretty = formatCertificateCode(code);
    expect((await call(certPage.loader, `/certificates/${pretty}`, { cookie, params: { code: pretty } })).status).toBe(200);
    // The roles of a transit employer only.
    const wrongRole = await post(join.action, "/join/LAKESIDE-INN", { cookie: await signInAs("demo-driver"), params: { joinCode: "LAKESIDE-INN" }, form: { intent: "add-employer", role: "transit-operator" } });
    expect(wrongRole.status).toBe(400);
  });

  it("refuses a common password when joining, and creates nothing", async () => {
    const before = await snapshotCounts();
    const res = await post(join.action, "/join/LAKESIDE-INN", {
      params: { joinCode: "LAKESIDE-INN" },
      form: { name: "New Person", username: "new-person", password: "qwertyuiop", role: "housekeeping" },
    });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors.password).toMatch(/too common/);
    expect(await snapshotCounts()).toEqual(before);
  });
});

describe("the employer admin's tools", () => {
  it("changes a worker's role (audited with before and after), issues reset codes only to current staff, and keeps leavers on record", async () => {
    const { user } = await ids();
    const worker = user("demo-worker");
    const { getDb } = await import("#app/utils/db.server.ts");
    const employment = getDb().$client.prepare("SELECT * FROM employments WHERE user_id = ?").get(worker.id) as { id: string; full_name: string; hire_date: string; site_id: string };
    const cookie = await signInAs("demo-employer");
    const params = { employmentId: employment.id };
    const url = `/employer/workers/${employment.id}`;
    const fields = { intent: "edit", fullName: employment.full_name, employeeId: "LI-1002", siteId: employment.site_id, hireDate: employment.hire_date, email: "", phone: "" };
    expect((await post(workerPage.action, url, { cookie, params, form: { ...fields, jobRole: "transit-operator" } })).status).toBe(400);
    expect((await post(workerPage.action, url, { cookie, params, form: { ...fields, jobRole: "front-desk" } })).status).toBe(200);
    const [row] = await lastAudit();
    expect(row!.action).toBe("role-changed");
    expect(JSON.parse(row!.detail)).toMatchObject({ from: "housekeeping", to: "front-desk" });
    const code = await post(workerPage.action, url, { cookie, params, form: { intent: "reset-code" } });
    expect((code.data as { resetCode: { code: string } }).resetCode.code).toMatch(/^[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$/);
    // A last day before the hire date is refused; the hire date itself is fine.
    const before = new Date(Date.parse(`${employment.hire_date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await post(workerPage.action, url, { cookie, params, form: { intent: "terminate", terminationDate: before } })).status).toBe(400);
    expect((await post(workerPage.action, url, { cookie, params, form: { intent: "terminate", terminationDate: employment.hire_date } })).status).toBe(200);
    expect((await post(workerPage.action, url, { cookie, params, form: { intent: "reset-code" } })).status).toBe(409);
    const former = await call(roster.loader, "/employer/roster?status=former", { cookie });
    const entry = (former.data as { rows: { id: string; terminationDate: string | null }[] }).rows.find((r) => r.id === employment.id)!;
    expect(entry.terminationDate).toBe(employment.hire_date);
  });
});

describe("the council's view", () => {
  it("shows counts per employer in its jurisdiction and never a worker's name", async () => {
    const cookie = await signInAs("demo-council");
    const res = await call(council.loader, "/council", { cookie });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.data);
    expect(text).toContain("Lakeside Inn");
    for (const name of ["José", "Maria", "Dwayne", "demo-worker", "demo-certified"]) expect(text).not.toContain(name);
    const d = res.data as { total: { covered: number | null; compliant: number | null; suppressed: boolean }; lowest: { name: string }[] };
    // Texas's demo total is under 5 covered workers: withheld, as in the exports.
    if (d.total.suppressed) expect(d.total).toMatchObject({ covered: null, compliant: null });
    else expect(d.total.compliant!).toBeLessThanOrEqual(d.total.covered!);
    // Harbor View (US-MN), created above, is not in Texas's view.
    expect(text).not.toContain("Harbor View Hotel");
  });
});
