/**
 * Web hardening and account security through the production server: headers, the
 * same-origin check, throttling, sessions ending, revocation, the audit trail.
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, visibleText, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let db: Database.Database;
const MIN = 60_000;
/** The SESSION_SECRET tests/support/server.ts starts the server with. */
const SECRET = "http-test-secret-http-test-secret-0123456";

beforeAll(async () => {
  server = await startServer();
  db = new Database(server.dbPath, { readonly: true });
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const auditActions = (since: number) =>
  (db.prepare("SELECT action FROM audit_log WHERE seq > ? ORDER BY seq").all(since) as { action: string }[]).map((r) => r.action);
const lastSeq = () => (db.prepare("SELECT coalesce(max(seq), 0) AS n FROM audit_log").get() as { n: number }).n;
/** Moves past every throttle window, so each test starts clean. */
const freshWindow = () => server.advanceClock(16 * MIN);

describe("security headers", () => {
  it("sends a nonce-based CSP whose nonce is on every inline script, and the other headers", async () => {
    const res = await server.request("/login");
    const html = await res.text();
    const csp = res.headers.get("content-security-policy")!;
    const nonce = csp.match(/'nonce-([^']+)'/)![1]!;
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts.filter((a) => !/\bsrc=/.test(a))) expect(attrs).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\sstyle="/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // Plain http here: no HSTS (it is sent over https; see the deployment test below).
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const other = await server.request("/login");
    expect(other.headers.get("content-security-policy")).not.toContain(nonce);
  });
});

describe("same-origin writes", () => {
  it("refuses a cross-site POST with 403 and changes nothing", async () => {
    const sessions = count("sessions");
    const seq = lastSeq();
    const res = await server.request("/login", {
      form: { username: "demo-worker", password: "frontline-demo" },
      headers: { Origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(visibleText(await res.text())).toMatch(/another website/);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(count("sessions")).toBe(sessions);
    expect(lastSeq()).toBe(seq);
  });

  it("refuses a POST whose Referer is another site, or that names no site at all", async () => {
    const viaReferer = await server.request("/login", {
      form: { username: "demo-worker", password: "frontline-demo" },
      noOrigin: true,
      headers: { Referer: "https://evil.example/page" },
    });
    expect(viaReferer.status).toBe(403);
    const bare = await server.request("/login", { form: { username: "demo-worker", password: "frontline-demo" }, noOrigin: true });
    expect(bare.status).toBe(403);
    const nullOrigin = await server.request("/login", { form: { username: "demo-worker", password: "frontline-demo" }, headers: { Origin: "null" } });
    expect(nullOrigin.status).toBe(403);
  });

  it("accepts the site's own Origin, or its own Referer when a browser sends no Origin", async () => {
    const res = await server.request("/login", {
      form: { username: "demo-worker", password: "frontline-demo" },
      noOrigin: true,
      headers: { Referer: `${server.origin}/login` },
    });
    expect(res.status).toBe(302);
  });
});

describe("the redirect after sign-in", () => {
  it("never follows a redirectTo that a browser reads as another site; a newline is no 500 and writes only the sign-in", async () => {
    await freshWindow();
    for (const redirectTo of ["/\t/evil.example", "/\\evil.example", "/%09/evil.example", "/.//evil.example", "/\n/evil.example", "/\r\n/evil.example"]) {
      const seq = lastSeq();
      const sessions = count("sessions");
      const res = await server.request("/login", { form: { username: "demo-worker", password: "frontline-demo", redirectTo } });
      expect(res.status, JSON.stringify(redirectTo)).toBe(302);
      expect(res.headers.get("location"), JSON.stringify(redirectTo)).toBe("/learn");
      expect(auditActions(seq), JSON.stringify(redirectTo)).toEqual(["sign-in"]);
      expect(count("sessions"), JSON.stringify(redirectTo)).toBe(sessions + 1);
    }
    const ok = await server.request("/login", { form: { username: "demo-worker", password: "frontline-demo", redirectTo: "/verify?code=x" } });
    expect(ok.headers.get("location")).toBe("/verify?code=x");
  });

  it("the language switch refuses the same places with 400", async () => {
    for (const redirectTo of ["/\t/evil.example", "/%09/evil.example", "/.//evil.example", "/\n/evil.example"]) {
      const res = await server.request("/language", { form: { lang: "es", redirectTo } });
      expect(res.status, JSON.stringify(redirectTo)).toBe(400);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });
});

describe("brute force", () => {
  it("answers the 6th wrong password in 15 minutes with 429 and Retry-After, then lets the right one in after the window", async () => {
    await freshWindow();
    for (let i = 1; i <= 5; i++) {
      const res = await server.request("/login", { form: { username: "demo-driver", password: `wrong-password-${i}` } });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const sixth = await server.request("/login", { form: { username: "demo-driver", password: "wrong-password-6" } });
    expect(sixth.status).toBe(429);
    const retry = Number(sixth.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(visibleText(await sixth.text())).toMatch(/Too many attempts/);
    // Locked for the window even with the right password…
    const right = await server.request("/login", { form: { username: "demo-driver", password: "frontline-demo" } });
    expect(right.status).toBe(429);
    // …and an unknown username is throttled the same way, so 429 reveals nothing.
    for (let i = 1; i <= 5; i++) await server.request("/login", { form: { username: "no-such-person", password: `wrong-password-${i}` } });
    expect((await server.request("/login", { form: { username: "no-such-person", password: "x-wrong-password" } })).status).toBe(429);
    await server.advanceClock(retry * 1000 + 1000);
    const after = await server.request("/login", { form: { username: "demo-driver", password: "frontline-demo" } });
    expect(after.status).toBe(302);
  });

  it("counts guesses per account, whether the username or the email address is typed", async () => {
    await freshWindow();
    const names = ["demo-employer", "erin@lakeside-inn.example", "DEMO-EMPLOYER", "Erin@Lakeside-Inn.example", "demo-employer"];
    for (const [i, username] of names.entries()) {
      const res = await server.request("/login", { form: { username, password: `wrong-password-${i}` } });
      expect(res.status, `${username}, attempt ${i + 1}`).toBe(401);
    }
    for (const username of ["demo-employer", "erin@lakeside-inn.example"]) {
      const res = await server.request("/login", { form: { username, password: "wrong-password-6" } });
      expect(res.status, username).toBe(429);
    }
  });

  it("does not lock the owner out: a device that signed in to the account before passes its own limit, no other does", async () => {
    await freshWindow();
    const signInOn = async (username: string, device?: string) => {
      const res = await server.request("/login", { form: { username, password: "frontline-demo" }, cookie: device });
      expect(res.status, username).toBe(302);
      const cookie = res.headers.getSetCookie().find((c) => /^fr_device=/.test(c));
      expect(cookie, "a known-device cookie").toBeDefined();
      expect(cookie).toMatch(/HttpOnly/i);
      return cookie!.split(";")[0]!;
    };
    const phone = await signInOn("demo-driver");
    const attacker = await signInOn("demo-worker");
    const guess = (password: string, cookie?: string) => server.request("/login", { form: { username: "demo-driver", password }, cookie });
    for (let i = 1; i <= 5; i++) expect((await guess(`wrong-password-${i}`)).status, `guess ${i}`).toBe(401);
    // Locked for everyone else: no cookie, another account's device, a tampered cookie.
    expect((await guess("frontline-demo")).status).toBe(429);
    expect((await guess("frontline-demo", attacker)).status).toBe(429);
    const [name, value] = phone.split("=") as [string, string];
    expect((await guess("frontline-demo", `${name}=${value.slice(0, -2)}xx`)).status).toBe(429);
    // The owner's phone still gets in with the right password.
    expect((await guess("frontline-demo", phone)).status).toBe(302);
    // A stolen device cookie is no free pass: 5 wrong guesses from it, and it is held too.
    for (let i = 1; i <= 5; i++) await guess(`wrong-password-${i}`);
    for (let i = 1; i <= 5; i++) expect((await guess(`another-wrong-${i}`, phone)).status, `device guess ${i}`).toBe(401);
    expect((await guess("frontline-demo", phone)).status).toBe(429);
    await server.advanceClock(15 * MIN + 1000);
    expect((await guess("frontline-demo")).status).toBe(302);
  }, 60_000);

  it("throttles and audits wrong current passwords on /account/password", async () => {
    await freshWindow();
    const cookie = await server.signIn("demo-council");
    const seq = lastSeq();
    const change = (current: string) =>
      server.request("/account/password", { cookie, form: { current, password: "a brand new passphrase", confirm: "a brand new passphrase" } });
    for (let i = 1; i <= 5; i++) expect((await change(`wrong-current-${i}`)).status, `guess ${i}`).toBe(400);
    const rows = db.prepare("SELECT action, actor_id, detail FROM audit_log WHERE seq > ? ORDER BY seq").all(seq) as { action: string; actor_id: string; detail: string | null }[];
    expect(rows.map((r) => r.action)).toEqual(Array(5).fill("password-change-failed"));
    const councilId = (db.prepare("SELECT id FROM users WHERE username = 'demo-council'").get() as { id: string }).id;
    for (const r of rows) {
      expect(r.actor_id).toBe(councilId);
      expect(r.detail ?? "").not.toMatch(/wrong-current/);
    }
    const blocked = await change("frontline-demo");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(visibleText(await blocked.text())).toMatch(/Too many attempts/);
    // Nothing changed: the password is still the old one, the session still works.
    expect((await server.request("/account", { cookie })).status).toBe(200);
    await freshWindow();
    expect((await change("still-wrong")).status).toBe(400);
  });

  it("throttles one address trying many usernames", async () => {
    await freshWindow();
    for (let i = 1; i <= 30; i++) {
      const res = await server.request("/login", { form: { username: `guess-${i}`, password: "wrong-password" } });
      expect(res.status, `attempt ${i}`).toBe(401);
    }
    const next = await server.request("/login", { form: { username: "demo-worker", password: "frontline-demo" } });
    expect(next.status).toBe(429);
  }, 60_000);

  it("throttles join-code guessing per address", async () => {
    await freshWindow();
    for (let i = 1; i <= 10; i++) expect((await server.request(`/join/GUESS${i}XYZ`)).status).toBe(404);
    const res = await server.request("/join/LAKESIDE-INN");
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("throttles reset-code guessing per account, and the right code works after the window", async () => {
    await freshWindow();
    const admin = await server.signIn("demo-employer");
    const worker = db.prepare("SELECT e.id AS employment FROM users u JOIN employments e ON e.user_id = u.id WHERE u.username = 'demo-worker'").get() as { employment: string };
    const workerCookie = await server.signIn("demo-worker");
    const issued = await server.request(`/employer/workers/${worker.employment}`, { cookie: admin, form: { intent: "reset-code" } });
    expect(issued.status).toBe(200);
    const code = (await issued.text()).match(/class="code">([A-Z0-9]{5}-[A-Z0-9]{5})</)![1]!;
    for (let i = 1; i <= 5; i++) {
      const res = await server.request("/reset", { form: { username: "demo-worker", code: "AAAAA-AAAAA", password: "a new long passphrase" } });
      expect(res.status, `guess ${i}`).toBe(400);
    }
    const blocked = await server.request("/reset", { form: { username: "demo-worker", code, password: "a new long passphrase" } });
    expect(blocked.status).toBe(429);
    await server.advanceClock(15 * MIN + 1000);
    const ok = await server.request("/reset", { form: { username: "demo-worker", code: code.toLowerCase().replace("-", " "), password: "a new long passphrase" } });
    expect(ok.status).toBe(302);
    // The reset ended the worker's other sessions; the code works once.
    expect((await server.request("/learn", { cookie: workerCookie })).status).toBe(302);
    const again = await server.request("/reset", { form: { username: "demo-worker", code, password: "another long passphrase" } });
    expect(again.status).toBe(400);
    expect((await server.request("/login", { form: { username: "demo-worker", password: "a new long passphrase" } })).status).toBe(302);
  });
});

describe("sessions end", () => {
  it("refuses the old cookie after sign-out", async () => {
    await freshWindow();
    const cookie = await server.signIn("demo-certified");
    expect((await server.request("/learn", { cookie })).status).toBe(200);
    expect((await server.request("/logout", { method: "POST", cookie })).status).toBe(302);
    const after = await server.request("/learn", { cookie });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
  });

  it("refuses every old cookie after a password change; the changing device gets a new one", async () => {
    await freshWindow();
    const phone = await server.signIn("demo-certified");
    const kiosk = await server.signIn("demo-certified");
    const res = await server.request("/account/password", {
      cookie: phone,
      form: { current: "frontline-demo", password: "my new safe passphrase", confirm: "my new safe passphrase" },
    });
    expect(res.status).toBe(302);
    const fresh = res.headers.get("set-cookie")!.split(";")[0]!;
    expect((await server.request("/learn", { cookie: phone })).status).toBe(302);
    expect((await server.request("/learn", { cookie: kiosk })).status).toBe(302);
    expect((await server.request("/learn", { cookie: fresh })).status).toBe(200);
  });

  it("refuses a common password, a short one and the published demo password with 400", async () => {
    const cookie = await server.signIn("demo-council");
    for (const password of ["password1234", "short", "frontline-demo", "Frontline Demo 2"]) {
      const res = await server.request("/account/password", { cookie, form: { current: "frontline-demo", password, confirm: password } });
      expect(res.status, password).toBe(400);
    }
  });

  it("ends a worker's sessions when their employer records that they left", async () => {
    await freshWindow();
    const driver = db.prepare("SELECT e.id AS employment, e.hire_date FROM users u JOIN employments e ON e.user_id = u.id WHERE u.username = 'demo-driver'").get() as {
      employment: string;
      hire_date: string;
    };
    const workerCookie = await server.signIn("demo-driver");
    const metroAdmin = await createMetroAdmin();
    const lastDay = new Date(Date.parse(`${driver.hire_date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const res = await server.request(`/employer/workers/${driver.employment}`, { cookie: metroAdmin, form: { intent: "terminate", terminationDate: lastDay } });
    expect(res.status).toBe(200);
    expect((await server.request("/learn", { cookie: workerCookie })).status).toBe(302);
    // Their certificates stay theirs: they can still sign in, but have no current job.
    const again = await server.signIn("demo-driver");
    expect((await server.request("/learn", { cookie: again })).status).toBe(403);
    expect((await server.request("/account", { cookie: again })).status).toBe(200);
  });

  it("ends every session of an account the platform admin disables, and refuses its sign-in", async () => {
    await freshWindow();
    const council = await server.signIn("demo-council");
    const platform = await server.signIn("demo-admin");
    const id = (db.prepare("SELECT id FROM users WHERE username = 'demo-council'").get() as { id: string }).id;
    expect((await server.request("/admin", { cookie: platform, form: { intent: "disable", userId: id } })).status).toBe(200);
    expect((await server.request("/council", { cookie: council })).status).toBe(302);
    expect((await server.request("/login", { form: { username: "demo-council", password: "frontline-demo" } })).status).toBe(401);
    expect((await server.request("/admin", { cookie: platform, form: { intent: "enable", userId: id } })).status).toBe(200);
    expect((await server.request("/login", { form: { username: "demo-council", password: "frontline-demo" } })).status).toBe(302);
  });
});

describe("sessions at rest", () => {
  /** The session id inside a signed Remix cookie: base64 JSON, then ".signature". */
  const sessionIdOf = (cookie: string) => {
    const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
    return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8")) as string;
  };

  it("stores only a SHA-256 of the session id, and what is stored does not sign anyone in", async () => {
    await freshWindow();
    const cookie = await server.signIn("demo-employer");
    const id = sessionIdOf(cookie);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = db.prepare("SELECT * FROM sessions").all() as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(id);
    const hash = crypto.createHash("sha256").update(id).digest("hex");
    expect(rows.filter((r) => Object.values(r).includes(hash))).toHaveLength(1);
    // Someone with a copy of the database (and even the secret beside it) cannot make a cookie from a row.
    const forged = await createCookie("fr_session", { secrets: [SECRET] }).serialize(hash);
    expect((await server.request("/account", { cookie: forged.split(";")[0] })).status).toBe(302);
    expect((await server.request("/account", { cookie })).status).toBe(200);
  });
});

let metroAdminCookie: string | undefined;
async function createMetroAdmin() {
  if (metroAdminCookie) return metroAdminCookie;
  const { addExtraAccounts } = await import("#tests/support/principals.ts");
  const metro = db.prepare("SELECT id FROM employers WHERE join_code = 'METRO-TRANSIT'").get() as { id: string };
  await addExtraAccounts(server.dbPath, metro.id);
  metroAdminCookie = await server.signIn("metro-admin");
  return metroAdminCookie;
}

describe("certificate revocation", () => {
  it("lets the issuing employer's admin revoke with a reason; /verify then says revoked, with the date; another admin cannot", async () => {
    await freshWindow();
    const cert = db.prepare("SELECT c.code, c.employment_id FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").get() as {
      code: string;
      employment_id: string;
    };
    const url = `/employer/workers/${cert.employment_id}`;
    // Another employer's admin: that roster row does not exist for them.
    const other = await createMetroAdmin();
    expect((await server.request(url, { cookie: other, form: { intent: "revoke", code: cert.code, reason: "Issued in error" } })).status).toBe(404);
    const admin = await server.signIn("demo-employer");
    const tooShort = await server.request(url, { cookie: admin, form: { intent: "revoke", code: cert.code, reason: "x" } });
    expect(tooShort.status).toBe(400);
    const seq = lastSeq();
    const res = await server.request(url, { cookie: admin, form: { intent: "revoke", code: cert.code, reason: "Quiz taken by someone else" } });
    expect(res.status).toBe(200);
    expect(auditActions(seq)).toEqual(["certificate-revoked"]);
    const verify = visibleText(await (await server.request(`/verify/${cert.code}`)).text());
    const today = (db.prepare("SELECT revoked_at FROM certificates WHERE code = ?").get(cert.code) as { revoked_at: number }).revoked_at;
    expect(verify).toContain("revoked");
    expect(verify).toContain(`Revoked on ${new Date(today).toLocaleDateString("en-US", { dateStyle: "long", timeZone: "UTC" })}`);
    const api = (await (await server.request(`/api/certificates/${cert.code}`)).json()) as { status: string; revokedOn: string };
    expect(api.status).toBe("revoked");
    const twice = await server.request(url, { cookie: admin, form: { intent: "revoke", code: cert.code, reason: "Quiz taken by someone else" } });
    expect(twice.status).toBe(409);
  });
});

describe("audit trail", () => {
  it("records sign-ins and failed sign-ins with the client address, and the chain verifies", async () => {
    await freshWindow();
    const seq = lastSeq();
    await server.request("/login", { form: { username: "demo-employer", password: "wrong-password!" } });
    await server.signIn("demo-employer");
    const rows = db.prepare("SELECT action, client_address, actor_id FROM audit_log WHERE seq > ? ORDER BY seq").all(seq) as {
      action: string;
      client_address: string;
      actor_id: string | null;
    }[];
    expect(rows.map((r) => r.action)).toEqual(["sign-in-failed", "sign-in"]);
    for (const r of rows) expect(r.client_address).toMatch(/127\.0\.0\.1/);
    expect(rows[0]!.actor_id).toBeNull();
    const { verifyAuditChain } = await import("#app/models/audit.server.ts");
    const { drizzle } = await import("drizzle-orm/better-sqlite3");
    const report = verifyAuditChain(drizzle(db) as never);
    expect(report.ok).toBe(true);
  });
});

describe("an https deployment", () => {
  it("sends HSTS and a __Host- cookie that is Secure, HttpOnly and SameSite=Lax", async () => {
    const https = await startServer({ PUBLIC_URL: "https://frontline.example" });
    try {
      const page = await https.request("/login");
      expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      // Another site's https origin is still refused.
      const evil = await https.request("/login", { form: { username: "demo-worker", password: "frontline-demo" }, headers: { Origin: "https://evil.example" } });
      expect(evil.status).toBe(403);
      const res = await https.request("/login", { form: { username: "demo-worker", password: "frontline-demo" } });
      expect(res.status).toBe(302);
      const cookie = res.headers.get("set-cookie")!;
      expect(cookie).toMatch(/^__Host-fr_session=/);
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      const device = res.headers.getSetCookie().find((c) => c.startsWith("__Host-fr_device="));
      expect(device).toMatch(/; Secure/i);
      expect(device).toMatch(/; HttpOnly/i);
    } finally {
      await https.stop();
    }
  }, 60_000);
});
