/**
 * Property tests: random and malformed bodies posted to every action of the production
 * server, as a principal the action's guard lets through (so the body is what gets
 * tested). Never a 5xx; a rejected request (4xx) changes no row.
 *
 * "No row" means every table but two kinds of security bookkeeping that a rejected
 * request is meant to leave: audit_log rows (a failed sign-in is audited) and sessions'
 * last_seen_at (the idle timer of the session that made the request).
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routeManifest, startServer, type TestServer } from "#tests/support/server.ts";
import { setUpPrincipals, type Fixtures, type Principal } from "#tests/support/principals.ts";

let server: TestServer;
let fx: Fixtures;
let db: Database.Database;
let setupToken: string;
/** A read-write employer API token of Lakeside Inn, so the API's actions get as far as reading the body (ADR 032). */
let apiToken: string;
const manifest = routeManifest();

beforeAll(async () => {
  // No scheduled jobs: the daily job writes rows (reminders, the monthly report email) on its
  // own clock, which this test would read as a rejected request that changed rows.
  // Webhooks on, so their page's action reads the body (ADR 033).
  // Open Badges on (ADR 031), so its credential check is fuzzed too.
  // SSO=1: the single sign-on forms (login's "sso" intent, /admin/sso) are fuzzed switched on.
  server = await startServer({ REMINDERS: "0", WEBHOOKS: "1", OPEN_BADGES: "1", EMPLOYER_API: "1", SSO: "1" });
  fx = await setUpPrincipals(server);
  // A live set-up link, so /reset/<token> gets as far as reading the body.
  const { createStaffAccount } = await import("#app/models/account.server.ts");
  const { getUserByUsername } = await import("#app/models/user.server.ts");
  const { closeDb } = await import("#app/utils/db.server.ts");
  const platform = getUserByUsername("demo-admin")!;
  const created = await createStaffAccount(
    { kind: "council", jurisdiction: "US-MN", name: "Fuzz Target", username: "fuzz-target", email: "fuzz@example.org" },
    platform,
    "test",
    new Date(),
  );
  if (!created.ok) throw new Error("could not create the fuzz target account");
  setupToken = created.setupToken;
  const { createApiToken } = await import("#app/models/api-token.server.ts");
  const admin = getUserByUsername("demo-employer")!;
  const made = createApiToken({ admin: { id: admin.id, kind: admin.kind, employerId: admin.employerId! }, name: "Fuzz", scope: "read-write" }, new Date());
  if (!made.ok) throw new Error("could not create the fuzz API token");
  apiToken = made.token;
  closeDb();
  db = new Database(server.dbPath, { readonly: true });
}, 60_000);

afterAll(async () => {
  db?.close();
  await server?.stop();
});

/** A digest of every row of every table except the audit log; sessions without last_seen_at. */
/** Every row but the bookkeeping a refused request is meant to leave: the audit log and the throttles' counted failures (ADR 038). */
function fingerprint(): string {
  const hash = crypto.createHash("sha256");
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_log', 'throttle_hits', '__drizzle_migrations') ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Record<string, unknown>[];
    for (const row of rows) {
      if (name === "sessions") delete row.last_seen_at;
      // An API token's last use is bookkeeping, as a session's is.
      if (name === "api_tokens") delete row.last_used_at;
      hash.update(`${name}:${JSON.stringify(row)}\n`);
    }
  }
  return hash.digest("hex");
}

/** Which principal fuzzes which action, at which URL. */
function targets(): Record<string, { as: Principal; url: string; headers?: Record<string, string> }[]> {
  const { ids } = fx;
  return {
    "routes/login": [{ as: "anonymous", url: "/login" }],
    "routes/$": [{ as: "anonymous", url: "/no-such-page" }],
    "routes/logout": [{ as: "anonymous", url: "/logout" }],
    "routes/language": [{ as: "anonymous", url: "/language" }],
    "routes/forgot": [{ as: "anonymous", url: "/forgot" }],
    "routes/reset._index": [{ as: "anonymous", url: "/reset" }],
    "routes/reset.$token": [{ as: "anonymous", url: `/reset/${setupToken}` }],
    "routes/join.$joinCode": [
      { as: "anonymous", url: "/join/LAKESIDE-INN" },
      { as: "workerB", url: "/join/LAKESIDE-INN" },
    ],
    "routes/account.password": [{ as: "councilOther", url: "/account/password" }],
    "routes/learn.$courseId.$moduleId": [{ as: "workerB", url: `/learn/${ids.courseId}/${ids.moduleId}` }],
    "routes/learn.$courseId.quiz": [{ as: "workerA", url: `/learn/${ids.courseId}/quiz` }],
    "routes/employer.workers.$employmentId": [{ as: "adminA", url: `/employer/workers/${ids.employmentA}` }],
    "routes/employer.workers.new": [{ as: "adminA", url: "/employer/workers/new" }],
    "routes/employer.import": [{ as: "adminA", url: "/employer/import" }],
    "routes/employer.sites": [{ as: "adminA", url: "/employer/sites" }],
    "routes/employer._index": [{ as: "adminA", url: "/employer" }],
    "routes/employer.attestations": [{ as: "adminA", url: "/employer/attestations" }],
    "routes/employer.reminders": [{ as: "adminA", url: "/employer/reminders" }],
    "routes/employer.webhooks": [{ as: "adminA", url: "/employer/webhooks" }],
    "routes/employer.leavers": [{ as: "adminA", url: "/employer/leavers" }],
    "routes/admin._index": [{ as: "platform", url: "/admin" }],
    "routes/admin.certificates": [{ as: "platform", url: "/admin/certificates" }],
    "routes/verify.credential": [{ as: "anonymous", url: "/verify/credential" }],
    "routes/employer.api": [{ as: "adminA", url: "/employer/api" }],
    // The API reads no cookie: the bearer token is what lets the body through.
    "routes/api.v1.roster": [{ as: "anonymous", url: "/api/v1/roster", headers: { Authorization: `Bearer ${apiToken}` } }],
    "routes/api.v1.roster_.leavers": [{ as: "anonymous", url: "/api/v1/roster/leavers", headers: { Authorization: `Bearer ${apiToken}` } }],
    "routes/admin.sso": [{ as: "platform", url: "/admin/sso" }],
  };
}

const PROTOTYPE_NAMES = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__"];
/** Every such name, bare and as a quiz answer ("q.<question id>"). */
const PROTOTYPE_FIELDS = PROTOTYPE_NAMES.flatMap((n) => [n, `q.${n}`]);
const FIELDS = [
  "username", "password", "current", "confirm", "code", "intent", "role", "reason", "email", "name", "userId",
  "employerName", "sector", "jurisdiction", "county", "attempt", "attest", "redirectTo", "q-1", "_data", "__proto__", "lang",
  "applies", "signId", "siteId", "attestedName", "policeAgency", "policePhone", "provider", "courseTitle", "completedOn", "proof", "voidReason", "id",
  "employeeId", "claimCode", "employmentId", "terminationDate", "monthly", "file", "sharedDevice", "credential",
  "ssoEmail", "issuer", "clientId", "clientSecret", "emailDomain", "employerId", "connectionId", "subject", "matchByEmail", "required",
  // Names of properties every object has: a form read into a plain object must not trip on them.
  ...PROTOTYPE_FIELDS,
];
const MEANINGFUL = [
  "complete", "reset-code", "end-employment", "change-role", "revoke", "create-employer", "create-council", "disable", "enable",
  "add-employer", "yes", "no", "scope", "claim-code", "detach", "LI-1003", "7KX4-PDEM", "external", "external-void", "sign-posted", "numbers", "tx-114-0053", "2026-01-01", "on", "es", "en", "/learn", "//evil.example", "lodging", "transit", "US-WI", "US-XX", "housekeeping", "front-desk", "transit-operator",
  "send-one", "send-overdue", "monthly", "off", "sso", "save", "link", "remove", "example.org", "ids", "apply", "shared-device", "1", "0", "demo-worker", "x@example.org", "LAKESIDE-INN", "7KX4P-DEM24-QRT9H", "%", "%E0%A4%A", "../../etc/passwd", "<script>alert(1)</script>",
  "' OR 1=1 --", "\u0000", "\uD800", "𝕏".repeat(40), "-1", "1e309", "null", "[]", "{}",
];

const value = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(...MEANINGFUL),
  fc.string({ minLength: 1000, maxLength: 20_000 }),
);
const formBody = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 20 })), value), { maxLength: 10 })
  .map((pairs) => ({ contentType: "application/x-www-form-urlencoded", body: new URLSearchParams(pairs).toString() as string | Uint8Array }));
const rawBody = fc.record({
  contentType: fc.constantFrom(
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=----fuzz",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "",
  ),
  body: fc.oneof(fc.string({ maxLength: 2000 }), fc.uint8Array({ maxLength: 4000 }) as fc.Arbitrary<string | Uint8Array>),
});
const multipartBody = fc
  .array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 6 })
  .map((pairs) => {
    const parts = pairs.map(([k, v]) => `------fuzz\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    return { contentType: "multipart/form-data; boundary=----fuzz", body: `${parts.join("")}------fuzz--\r\n` as string | Uint8Array };
  });
const anyBody = fc.oneof({ weight: 5, arbitrary: formBody }, { weight: 2, arbitrary: rawBody }, { weight: 2, arbitrary: multipartBody });

/** Bodies a fuzzer finds only by luck. */
const FIXED: { contentType: string; body: string | Uint8Array }[] = [
  { contentType: "application/x-www-form-urlencoded", body: "username=%E0%A4%A&password=%" },
  { contentType: "application/x-www-form-urlencoded", body: "a".repeat(2_000_000) },
  { contentType: "application/x-www-form-urlencoded", body: "intent=revoke&intent=disable&code=&code=x" },
  { contentType: "multipart/form-data; boundary=----fuzz", body: "------fuzz\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nrev" },
  { contentType: "multipart/form-data; boundary=----fuzz", body: "------fuzz\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n------fuzz--\r\n" },
  { contentType: "application/json", body: '{"intent":"revoke","code":"X"}' },
  { contentType: "", body: "" },
  // The employer API's JSON: a row the roster refuses, an unknown employee id, a prototype key.
  { contentType: "application/json", body: '{"rows":[{"employeeId":"LI-9","fullName":"A","jobRole":"astronaut","site":"","hireDate":"2026-01-01"}]}' },
  { contentType: "application/json", body: '{"leftOn":"2026-01-01","employeeIds":["NOPE-1"]}' },
  { contentType: "application/json", body: '{"__proto__":{"rows":[]},"rows":[{"constructor":1}]}' },
  { contentType: "application/x-www-form-urlencoded", body: "\u0000\u0001\u0002" },
  // Every prototype name at once, as a form and as multipart, with a plausible intent and the quiz's attestation.
  ...["on", "complete", "revoke", "numbers", "edit"].map((v) => ({
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams([["intent", v], ["attest", "on"], ...PROTOTYPE_FIELDS.map((n) => [n, v])]).toString(),
  })),
  {
    contentType: "multipart/form-data; boundary=----fuzz",
    body: `${["attest", ...PROTOTYPE_FIELDS].map((n) => `------fuzz\r\nContent-Disposition: form-data; name="${n}"\r\n\r\non\r\n`).join("")}------fuzz--\r\n`,
  },
];

describe("fuzzing every action", () => {
  it("has a fuzz target for every action in the route manifest", () => {
    const actions = manifest.filter((r) => r.hasAction).map((r) => r.id).sort();
    expect(actions.filter((id) => !(id in targets()))).toEqual([]);
  });

  it("never answers 5xx, and a rejected request changes no row", async () => {
    let sent = 0;
    const failures: string[] = [];
    let before = fingerprint();
    const send = async (target: { as: Principal; url: string; headers?: Record<string, string> }, input: { contentType: string; body: string | Uint8Array }) => {
      const headers: Record<string, string> = { ...target.headers };
      if (input.contentType) headers["Content-Type"] = input.contentType;
      const label = `POST ${target.url} as ${target.as} (${input.contentType || "no type"}, ${typeof input.body === "string" ? JSON.stringify(input.body.slice(0, 120)) : `${input.body.length} bytes`})`;
      let res: Response;
      try {
        res = await server.request(target.url, { method: "POST", cookie: fx.cookies[target.as], body: input.body as BodyInit, headers });
        await res.arrayBuffer();
      } catch (error) {
        failures.push(`${label} → ${String((error as Error).cause ?? error)}`);
        return 0;
      }
      sent++;
      const after = fingerprint();
      if (res.status >= 500) failures.push(`${label} → ${res.status}`);
      if (res.status >= 400 && after !== before) failures.push(`${label} → ${res.status} but rows changed`);
      before = after;
      return res.status;
    };
    for (const [id, list] of Object.entries(targets())) {
      for (const target of list) {
        for (const input of FIXED) await send(target, input);
        await fc.assert(
          fc.asyncProperty(anyBody, async (input) => {
            const status = await send(target, input);
            return status < 500;
          }),
          { numRuns: 40 },
        );
        expect(failures, id).toEqual([]);
      }
    }
    console.log(`[fuzz] ${sent} requests to ${Object.keys(targets()).length} actions; none 5xx, no rejected request changed a row`);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 300_000);
});
