/**
 * Single sign-on for staff (ADR 034) end to end: the production server with SSO=1 and a real
 * OpenID provider (oidc-provider) on a local port, its login driven over HTTP like a browser.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, visibleText, type TestServer } from "#tests/support/server.ts";
import { startIdp, walkIdp, type TestIdp } from "#tests/support/oidc-idp.ts";

const PUBLIC_URL = "http://frontline.test";
let server: TestServer;
let idp: TestIdp;
let adminCookie: string;
let db: Database.Database;

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const lastAudit = () => db.prepare("SELECT action, actor_id, detail FROM audit_log ORDER BY seq DESC LIMIT 1").get() as { action: string; actor_id: string | null; detail: string };
const userId = (username: string) => (db.prepare("SELECT id FROM users WHERE username = ?").get(username) as { id: string }).id;

/** POST /login "Sign in with your organisation": the flow cookie and the provider's address. */
async function startFlow(email: string, redirectTo = "") {
  const res = await server.request("/login", { form: { intent: "sso", ssoEmail: email, redirectTo } });
  expect(res.status, await res.clone().text()).toBe(303);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  expect(cookie).toMatch(/^fr_sso=/);
  return { cookie, authorizationUrl: new URL(res.headers.get("location")!) };
}

/** The provider's answer, as a path on the test server (the provider sends the browser to PUBLIC_URL). */
function callbackPath(back: URL) {
  expect(back.origin + back.pathname).toBe(`${PUBLIC_URL}/sso/callback`);
  return back.pathname + back.search;
}

async function signInThrough(email: string, login: string) {
  const flow = await startFlow(email);
  const back = await walkIdp(flow.authorizationUrl.href, login);
  return { flow, path: callbackPath(back), res: await server.request(callbackPath(back), { cookie: flow.cookie }) };
}

function sessionCookieOf(res: Response) {
  return res.headers.getSetCookie().find((c) => c.startsWith("fr_session=") && !c.startsWith("fr_session=;"));
}

async function expectErrorPage(res: Response, status: number, text: string) {
  expect(res.status).toBe(status);
  expect(sessionCookieOf(res)).toBeUndefined();
  // The flow cookie is spent whatever happened.
  expect(res.headers.getSetCookie().some((c) => /^fr_sso=;.*Max-Age=0/i.test(c))).toBe(true);
  expect(visibleText(await res.text())).toContain(text);
}

beforeAll(async () => {
  idp = await startIdp({
    redirectUri: `${PUBLIC_URL}/sso/callback`,
    clients: { lakeside: "lakeside-secret-0123456789", metro: "metro-secret-0123456789", council: "council-secret-0123456789" },
    accounts: {
      erin: { email: "erin@lakeside-inn.example", email_verified: true },
      unverified: { email: "erin@lakeside-inn.example", email_verified: false },
      stranger: { email: "nobody@lakeside-inn.example", email_verified: true },
      auditor: { email: "council@tx.example", email_verified: true },
    },
  });
  server = await startServer({ SSO: "1", PUBLIC_URL });
  db = new Database(server.dbPath, { readonly: true });
  adminCookie = await server.signIn("demo-admin");
  const lakeside = (db.prepare("SELECT id FROM employers WHERE join_code = 'LAKESIDE-INN'").get() as { id: string }).id;
  const metro = (db.prepare("SELECT id FROM employers WHERE join_code = 'METRO-TRANSIT'").get() as { id: string }).id;
  const save = async (form: Record<string, string>) => {
    const res = await server.request("/admin/sso", { cookie: adminCookie, form: { intent: "save", issuer: idp.issuer, ...form } });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  await save({ employerId: lakeside, clientId: "lakeside", clientSecret: "lakeside-secret-0123456789", emailDomain: "lakeside-inn.example", matchByEmail: "on" });
  // Metro Transit uses the same provider (one issuer, many tenants), with its own client.
  await save({ employerId: metro, clientId: "metro", clientSecret: "metro-secret-0123456789", emailDomain: "metro.example", matchByEmail: "on" });
  // The Texas council requires single sign-on; its auditor is linked by hand (no email matching).
  await save({ jurisdiction: "US-TX", clientId: "council", clientSecret: "council-secret-0123456789", emailDomain: "tx.example", required: "on" });
}, 90_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
  await idp?.stop();
});

describe("single sign-on set-up", () => {
  it("keeps the client secret sealed, never in the clear", () => {
    const rows = db.prepare("SELECT client_secret_sealed AS s FROM sso_connections").all() as { s: string }[];
    expect(rows).toHaveLength(3);
    for (const { s } of rows) {
      expect(s).toMatch(/^v1\./);
      expect(s).not.toContain("secret-0123456789");
    }
  });

  it("is the platform admin's page alone; bad input is a 400 with nothing written", async () => {
    const adminA = await server.signIn("demo-employer");
    expect((await server.request("/admin/sso", { cookie: adminA })).status).toBe(403);
    expect((await server.request("/admin/sso", { cookie: adminCookie })).status).toBe(200);
    const before = count("sso_connections");
    for (const form of <Record<string, string>[]>[
      { intent: "save", jurisdiction: "US-WI", issuer: "http://idp.example.org", clientId: "x", clientSecret: "y", emailDomain: "wi.example" },
      { intent: "save", jurisdiction: "US-WI", issuer: idp.issuer, clientId: "x", clientSecret: "y", emailDomain: "not a domain" },
      { intent: "save", issuer: idp.issuer, clientId: "x", clientSecret: "y", emailDomain: "wi.example" },
    ]) {
      expect((await server.request("/admin/sso", { cookie: adminCookie, form })).status).toBe(400);
    }
    const taken = await server.request("/admin/sso", { cookie: adminCookie, form: { intent: "save", jurisdiction: "US-WI", issuer: idp.issuer, clientId: "x", clientSecret: "y", emailDomain: "metro.example" } });
    expect(taken.status).toBe(409);
    expect(count("sso_connections")).toBe(before);
  });
});

describe("signing in with the organisation's provider", () => {
  it("links on first sign-in by the verified email, then by the stored link, and makes a session with an audit row", async () => {
    const { res } = await signInThrough("erin@lakeside-inn.example", "erin");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/employer");
    const session = sessionCookieOf(res)!.split(";")[0]!;
    expect((await server.request("/employer", { cookie: session })).status).toBe(200);
    const link = db.prepare("SELECT user_id, subject, issuer FROM sso_links WHERE subject = 'erin'").get() as { user_id: string; issuer: string };
    expect(link.user_id).toBe(userId("demo-employer"));
    expect(link.issuer).toBe(idp.issuer);
    const row = lastAudit();
    expect(row.action).toBe("sign-in");
    expect(row.actor_id).toBe(userId("demo-employer"));
    expect(JSON.parse(row.detail)).toMatchObject({ method: "sso" });
    // Second time: by the link.
    const again = await signInThrough("erin@lakeside-inn.example", "erin");
    expect(again.res.status).toBe(302);
    expect(count("sso_links")).toBe(1);
  });

  it("refuses a replayed code: the provider's code works once", async () => {
    const { flow, path, res } = await signInThrough("erin@lakeside-inn.example", "erin");
    expect(res.status).toBe(302);
    const sessions = count("sessions");
    const replay = await server.request(path, { cookie: flow.cookie });
    await expectErrorPage(replay, 400, "could not be verified");
    expect(count("sessions")).toBe(sessions);
    // The provider refused the second exchange of its code.
    expect(JSON.parse(lastAudit().detail).problem).toMatch(/invalid_grant|grant request is invalid/);
  });

  it("refuses an answer whose state is not this browser's sign-in", async () => {
    const flow = await startFlow("erin@lakeside-inn.example");
    const back = await walkIdp(flow.authorizationUrl.href, "erin");
    back.searchParams.set("state", "not-the-state");
    const sessions = count("sessions");
    await expectErrorPage(await server.request(callbackPath(back), { cookie: flow.cookie }), 400, "does not belong to the sign-in started in this browser");
    // And an answer brought back without the flow cookie (another browser).
    const other = await startFlow("erin@lakeside-inn.example");
    const back2 = await walkIdp(other.authorizationUrl.href, "erin");
    await expectErrorPage(await server.request(callbackPath(back2)), 400, "started too long ago, or in another browser");
    expect(count("sessions")).toBe(sessions);
    expect(JSON.parse(lastAudit().detail)).toMatchObject({ method: "sso", reason: "expired" });
  });

  it("refuses an ID token whose nonce is another sign-in's", async () => {
    // Flow A's request (its nonce) sent with flow B's state and PKCE challenge: the code
    // exchange then succeeds for B, and only the nonce check stands between A's token and B.
    const a = await startFlow("erin@lakeside-inn.example");
    const b = await startFlow("erin@lakeside-inn.example");
    const mixed = new URL(a.authorizationUrl);
    mixed.searchParams.set("state", b.authorizationUrl.searchParams.get("state")!);
    mixed.searchParams.set("code_challenge", b.authorizationUrl.searchParams.get("code_challenge")!);
    expect(mixed.searchParams.get("nonce")).not.toBe(b.authorizationUrl.searchParams.get("nonce"));
    const back = await walkIdp(mixed.href, "erin");
    const sessions = count("sessions");
    await expectErrorPage(await server.request(callbackPath(back), { cookie: b.cookie }), 400, "could not be verified");
    expect(count("sessions")).toBe(sessions);
    expect(JSON.parse(lastAudit().detail).problem).toMatch(/nonce/);
  });

  it("shows the provider's error (the user cancelled) as a page", async () => {
    const flow = await startFlow("erin@lakeside-inn.example");
    const back = await walkIdp(flow.authorizationUrl.href, "erin", { abort: true });
    expect(back.searchParams.get("error")).toBe("access_denied");
    await expectErrorPage(await server.request(callbackPath(back), { cookie: flow.cookie }), 400, "did not sign you in");
  });

  it("signs no one in for an identity no staff account has, or an unverified email", async () => {
    const links = count("sso_links");
    for (const login of ["stranger", "unverified"]) {
      const { res } = await signInThrough("nobody@lakeside-inn.example", login);
      await expectErrorPage(res, 403, "no staff account here is linked to you");
    }
    expect(count("sso_links")).toBe(links);
  });

  it("never lets one employer's provider sign in another employer's staff", async () => {
    // Same issuer, Metro Transit's client: "erin" is linked under Lakeside's connection.
    const sessions = count("sessions");
    const { res } = await signInThrough("someone@metro.example", "erin");
    await expectErrorPage(res, 403, "Each organisation signs in only its own staff");
    expect(count("sessions")).toBe(sessions);
    expect(JSON.parse(lastAudit().detail)).toMatchObject({ reason: "otherOrganisation" });
  });

  it("an email domain with no provider is a 400 on the login form; a bad email too", async () => {
    const res = await server.request("/login", { form: { intent: "sso", ssoEmail: "someone@elsewhere.example" } });
    expect(res.status).toBe(400);
    expect(visibleText(await res.text())).toContain("No organisation sign-in is set up for that email address");
    expect((await server.request("/login", { form: { intent: "sso", ssoEmail: "not an email" } })).status).toBe(400);
  });
});

describe("an organisation that requires single sign-on", () => {
  it("refuses its staff's password sign-in with a clear message, and signs them in by SSO once linked", async () => {
    const refused = await server.request("/login", { form: { username: "demo-council", password: "frontline-demo" } });
    expect(refused.status).toBe(403);
    expect(sessionCookieOf(refused)).toBeUndefined();
    expect(visibleText(await refused.text())).toContain("Your organisation requires you to sign in with your organisation's account");
    // A wrong password still gets the usual answer (the requirement is told only to the password's owner).
    expect((await server.request("/login", { form: { username: "demo-council", password: "wrong-password" } })).status).toBe(401);
    // Other organisations' staff keep their passwords.
    expect((await server.request("/login", { form: { username: "demo-employer", password: "frontline-demo" } })).status).toBe(302);

    // Not linked, and no email matching for this council: no one.
    const before = await signInThrough("council@tx.example", "auditor");
    await expectErrorPage(before.res, 403, "no staff account here is linked to you");
    const connectionId = (db.prepare("SELECT id FROM sso_connections WHERE jurisdiction = 'US-TX'").get() as { id: string }).id;
    const linked = await server.request("/admin/sso", { cookie: adminCookie, form: { intent: "link", connectionId, username: "demo-council", subject: "auditor" } });
    expect(linked.status).toBe(200);
    // Another organisation's staff cannot be linked to this council's provider.
    const wrong = await server.request("/admin/sso", { cookie: adminCookie, form: { intent: "link", connectionId, username: "demo-employer", subject: "x" } });
    expect(wrong.status).toBe(400);
    const after = await signInThrough("council@tx.example", "auditor");
    expect(after.res.status).toBe(302);
    expect(after.res.headers.get("location")).toBe("/council");
  });
});
