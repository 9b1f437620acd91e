/**
 * Shared-device (break-room tablet) mode, through the production server (ADR 028): the admin
 * turns it on per site (audited), a tablet opens the site's link, and from then on sessions on it
 * end after a few idle minutes on the server's clock, forms carry autocomplete="off", answers are
 * no-store, and the device remembers no account.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let db: Database.Database;
const MIN = 60_000;

beforeAll(async () => {
  server = await startServer();
  db = new Database(server.dbPath, { readonly: true });
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

const siteId = (code: string) => (db.prepare("SELECT id FROM sites WHERE join_code = ?").get(code) as { id: string }).id;
const sharedSince = (code: string) => (db.prepare("SELECT shared_device_since AS s FROM sites WHERE join_code = ?").get(code) as { s: number | null }).s;
const auditOf = (action: string) => db.prepare("SELECT target_id AS target, detail FROM audit_log WHERE action = ? ORDER BY seq").all(action) as { target: string; detail: string }[];
const setCookies = (res: Response) => res.headers.getSetCookie();
const cookieValue = (res: Response, name: string) => setCookies(res).find((c) => c.startsWith(`${name}=`))?.split(";")[0];
/** Sign-in on a device that carries `deviceCookie`; returns the session cookie and the response. */
async function signInOn(deviceCookie: string, username: string) {
  const res = await server.request("/login", { cookie: deviceCookie, form: { username, password: "frontline-demo" } });
  expect(res.status).toBe(302);
  return { res, session: cookieValue(res, "fr_session")! };
}
async function setMode(admin: string, code: string, on: boolean) {
  return server.request("/employer/sites", { cookie: admin, form: { intent: "shared-device", siteId: siteId(code), on: on ? "1" : "0" } });
}

let admin: string;
let tablet: string;

describe("turning the mode on", () => {
  it("a site's link does nothing while its mode is off (404, no cookie)", async () => {
    const res = await server.request("/shared/LAKESIDE-MAIN");
    expect(res.status).toBe(404);
    expect(setCookies(res).some((c) => c.startsWith("fr_shared="))).toBe(false);
  });

  it("is the employer admin's, per site, audited; bad input is refused and changes nothing", async () => {
    admin = await server.signIn("demo-employer");
    const before = auditOf("shared-device-changed").length;
    expect((await server.request("/employer/sites", { cookie: admin, form: { intent: "shared-device", siteId: "nope", on: "1" } })).status).toBe(404);
    expect((await server.request("/employer/sites", { cookie: admin, form: { intent: "shared-device", siteId: siteId("LAKESIDE-MAIN"), on: "yes" } })).status).toBe(400);
    // Another employer's site is not this admin's to change.
    expect((await server.request("/employer/sites", { cookie: admin, form: { intent: "shared-device", siteId: siteId("METRO-NORTH"), on: "1" } })).status).toBe(404);
    expect(auditOf("shared-device-changed").length).toBe(before);
    expect(sharedSince("METRO-NORTH")).toBeNull();

    const on = await setMode(admin, "LAKESIDE-MAIN", true);
    expect(on.status).toBe(200);
    expect(sharedSince("LAKESIDE-MAIN")).not.toBeNull();
    expect(sharedSince("LAKESIDE-ANNEX")).toBeNull();
    const entries = auditOf("shared-device-changed");
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)!.target).toBe(siteId("LAKESIDE-MAIN"));
    expect(JSON.parse(entries.at(-1)!.detail)).toEqual({ on: true });
    const page = await (await server.request("/employer/sites", { cookie: admin })).text();
    expect(page).toContain("http://frontline.test/shared/LAKESIDE-MAIN");
    expect(page).not.toContain("http://frontline.test/shared/LAKESIDE-ANNEX");
  });

  it("the site's link makes a device its shared tablet, signing out whoever was on it", async () => {
    const res = await server.request("/shared/lakeside-main", { cookie: admin });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/shared");
    tablet = cookieValue(res, "fr_shared")!;
    expect(tablet).toBeTruthy();
    expect(setCookies(res).find((c) => c.startsWith("fr_session="))).toMatch(/Max-Age=0/);
    const start = await server.request("/shared", { cookie: tablet });
    expect(start.status).toBe(200);
    expect(start.headers.get("cache-control")).toBe("private, no-store");
    const html = await start.text();
    expect(html).toContain("Training at Main building");
    expect(html).toContain('href="/join/LAKESIDE-MAIN"');
  });
});

describe("on the shared tablet", () => {
  it("signing in remembers no account on the device, and clears a list it had", async () => {
    // The tablet had been used as an ordinary device first: it carries a remembered-accounts cookie.
    const before = await server.request("/login", { form: { username: "demo-driver", password: "frontline-demo" } });
    const device = cookieValue(before, "fr_device")!;
    expect(device).toBeTruthy();
    const { res } = await signInOn(`${tablet}; ${device}`, "demo-worker");
    const deviceCookies = setCookies(res).filter((c) => c.startsWith("fr_device="));
    expect(deviceCookies).toHaveLength(1);
    expect(deviceCookies[0]).toMatch(/^fr_device=;.*Max-Age=0/);
    // On an ordinary device, the same sign-in remembers the account.
    const ordinary = await server.request("/login", { form: { username: "demo-worker", password: "frontline-demo" } });
    expect(cookieValue(ordinary, "fr_device")!.length).toBeGreaterThan("fr_device=".length);
  });

  it("every form carries autocomplete=off, and every answer is no-store", async () => {
    for (const path of ["/login", "/join/LAKESIDE-MAIN", "/reset"]) {
      const res = await server.request(path, { cookie: tablet });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("private, no-store");
      const html = await res.text();
      // Every form a worker types into (the language switch's buttons carry nothing of theirs).
      const forms = [...html.matchAll(/<form\b[^>]*method="post"[^>]*>/g)].map((m) => m[0]).filter((f) => !f.includes('action="/language"'));
      expect(forms.length, path).toBeGreaterThan(0);
      // HTML attribute names are case-insensitive (React writes this one as autoComplete).
      for (const form of forms) expect(form, path).toMatch(/\bautocomplete="off"/i);
      const inputs = [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]).filter((i) => !/type="(hidden|radio|checkbox)"/.test(i));
      expect(inputs.length, path).toBeGreaterThan(0);
      for (const input of inputs) expect(input, path).toMatch(/\bautocomplete="off"/i);
    }
    // The same page elsewhere keeps its autofill hints (a worker's own phone).
    const own = await (await server.request("/login")).text();
    expect(own).toMatch(/\bautocomplete="username"/i);
    expect(own).not.toMatch(/\bautocomplete="off"/i);
  });

  it("a session ends after 6 idle minutes, on the server's clock; activity keeps it", async () => {
    const { session } = await signInOn(tablet, "demo-worker");
    const cookie = `${tablet}; ${session}`;
    const page = await server.request("/learn", { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    // Without JavaScript, the page leaves for the start page once the limit has passed.
    expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="365;url=\/shared\?idle=1"\/?><\/noscript>/);
    expect(html).toContain('data-testid="shared-device-bar"');
    await server.advanceClock(5 * MIN);
    expect((await server.request("/learn", { cookie })).status).toBe(200);
    await server.advanceClock(5 * MIN);
    expect((await server.request("/learn", { cookie })).status).toBe(200);
    await server.advanceClock(6 * MIN + 1000);
    const after = await server.request("/learn", { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);

    // The same account on its own phone keeps a session idle that long.
    const phone = await server.signIn("demo-worker");
    expect((await server.request("/learn", { cookie: phone })).status).toBe(200);
    await server.advanceClock(7 * MIN);
    expect((await server.request("/learn", { cookie: phone })).status).toBe(200);
  });

  it("the idle address and \"I'm done\" sign out and lead to a clean start page", async () => {
    const first = await signInOn(tablet, "demo-worker");
    const idle = await server.request("/shared?idle=1", { cookie: `${tablet}; ${first.session}` });
    expect(idle.status).toBe(302);
    expect(idle.headers.get("location")).toBe("/shared?ended=idle");
    expect((await server.request("/learn", { cookie: `${tablet}; ${first.session}` })).status).toBe(302);

    const second = await signInOn(tablet, "demo-worker");
    const done = await server.request("/logout", { cookie: `${tablet}; ${second.session}`, form: {} });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/shared?ended=done");
    expect((await server.request("/learn", { cookie: `${tablet}; ${second.session}` })).status).toBe(302);
    const start = await (await server.request("/shared?ended=done", { cookie: tablet })).text();
    expect(start).toContain("You are signed out. Nothing of your session is left on this tablet.");
    expect(start).not.toContain("Maria");
  });

  it("turning the mode off takes the tablet out of it: ordinary sessions and remembered accounts again", async () => {
    // Opening the tablet link signed the admin out on that device: signing in again.
    expect((await server.request("/employer/sites", { cookie: admin })).status).toBe(302);
    admin = await server.signIn("demo-employer");
    expect((await setMode(admin, "LAKESIDE-MAIN", false)).status).toBe(200);
    expect(sharedSince("LAKESIDE-MAIN")).toBeNull();
    expect(JSON.parse(auditOf("shared-device-changed").at(-1)!.detail)).toEqual({ on: false });
    expect((await server.request("/shared", { cookie: tablet })).status).toBe(404);
    const { res, session } = await signInOn(tablet, "demo-worker");
    expect(cookieValue(res, "fr_device")!.length).toBeGreaterThan("fr_device=".length);
    await server.advanceClock(7 * MIN);
    expect((await server.request("/learn", { cookie: `${tablet}; ${session}` })).status).toBe(200);
    const login = await (await server.request("/login", { cookie: tablet })).text();
    expect(login).not.toMatch(/\bautocomplete="off"/i);
  });
});
