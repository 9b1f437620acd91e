import { beforeAll, describe, expect, it } from "vitest";
import { emailDomainOf, isStaffOf, issuerAllowed, resolveSsoAccount, type SsoAccount } from "#app/domain/sso.ts";

const lakeside = { employerId: "emp-a", jurisdiction: null };
const metro = { employerId: "emp-b", jurisdiction: null };
const texas = { employerId: null, jurisdiction: "US-TX" };
const account = (over: Partial<SsoAccount>): SsoAccount => ({ id: "u1", kind: "employer_admin", employerId: "emp-a", jurisdiction: null, disabledAt: null, ...over });

describe("which accounts an organisation's provider may sign in", () => {
  it("its own employer admins or council auditors, never workers, platform admins, disabled or other organisations' staff", () => {
    expect(isStaffOf(account({}), lakeside)).toBe(true);
    expect(isStaffOf(account({}), metro)).toBe(false);
    expect(isStaffOf(account({ kind: "council", employerId: null, jurisdiction: "US-TX" }), texas)).toBe(true);
    expect(isStaffOf(account({ kind: "council", employerId: null, jurisdiction: "US-WI" }), texas)).toBe(false);
    expect(isStaffOf(account({ kind: "worker" }), lakeside)).toBe(false);
    expect(isStaffOf(account({ kind: "platform_admin", employerId: null }), lakeside)).toBe(false);
    expect(isStaffOf(account({ kind: "platform_admin", employerId: null }), { employerId: null, jurisdiction: null })).toBe(false);
    expect(isStaffOf(account({ disabledAt: 1 }), lakeside)).toBe(false);
  });
});

describe("resolveSsoAccount", () => {
  const base = { owner: lakeside, connectionId: "c-a", emailDomain: "lakeside.example", matchByEmail: true, link: null, emailUser: null, claims: {} };
  it("a stored link under this connection signs in its account", () => {
    expect(resolveSsoAccount({ ...base, link: { connectionId: "c-a", user: account({}) } })).toEqual({ ok: true, userId: "u1", newLink: false });
  });
  it("a link made under another connection (same issuer, another tenant) never counts", () => {
    expect(resolveSsoAccount({ ...base, link: { connectionId: "c-b", user: account({}) } })).toEqual({ ok: false, reason: "otherOrganisation" });
  });
  it("first sign-in links by a verified email in the connection's domain, only when allowed", () => {
    const claims = { email: "erin@lakeside.example", email_verified: true };
    expect(resolveSsoAccount({ ...base, claims, emailUser: account({}) })).toEqual({ ok: true, userId: "u1", newLink: true });
    expect(resolveSsoAccount({ ...base, matchByEmail: false, claims, emailUser: account({}) }).ok).toBe(false);
    expect(resolveSsoAccount({ ...base, claims: { ...claims, email_verified: false }, emailUser: account({}) }).ok).toBe(false);
    expect(resolveSsoAccount({ ...base, claims: { ...claims, email_verified: "true" }, emailUser: account({}) }).ok).toBe(false);
    expect(resolveSsoAccount({ ...base, claims: { email: "erin@elsewhere.example", email_verified: true }, emailUser: account({}) }).ok).toBe(false);
    expect(resolveSsoAccount({ ...base, claims, emailUser: null })).toEqual({ ok: false, reason: "unknownUser" });
  });
  it("an email that belongs to a worker, a platform admin or another employer's admin signs no one in", () => {
    const claims = { email: "x@lakeside.example", email_verified: true };
    for (const u of [account({ kind: "worker" }), account({ kind: "platform_admin", employerId: null }), account({ employerId: "emp-b" })]) {
      expect(resolveSsoAccount({ ...base, claims, emailUser: u })).toEqual({ ok: false, reason: "otherOrganisation" });
    }
  });
});

describe("issuer addresses and email domains", () => {
  it("https, or plain http on this machine's loopback only", () => {
    expect(issuerAllowed("https://login.example.org/tenant")).toBe(true);
    expect(issuerAllowed("http://127.0.0.1:4000")).toBe(true);
    expect(issuerAllowed("http://localhost:4000")).toBe(true);
    expect(issuerAllowed("http://idp.example.org")).toBe(false);
    expect(issuerAllowed("https://user:pw@idp.example.org")).toBe(false);
    expect(issuerAllowed("https://idp.example.org/?x=1")).toBe(false);
    expect(issuerAllowed("javascript:alert(1)")).toBe(false);
    expect(issuerAllowed("not a url")).toBe(false);
  });
  it("the domain of an email, lower-cased", () => {
    expect(emailDomainOf("Erin@Lakeside.Example")).toBe("lakeside.example");
    expect(emailDomainOf("no-at-sign")).toBeNull();
    expect(emailDomainOf("trailing@")).toBeNull();
  });
});

describe("sealed secrets", () => {
  let seal: typeof import("#app/utils/secret.server.ts");
  beforeAll(async () => {
    process.env.SESSION_SECRET = "unit-test-secret-unit-test-secret-0123456789";
    process.env.DATABASE_PATH = ":memory:";
    (await import("#app/utils/env.server.ts")).resetEnvCache();
    seal = await import("#app/utils/secret.server.ts");
  });
  it("open to the same plain text, differ each time, and refuse a changed byte or another purpose", () => {
    const a = seal.sealSecret("client-secret-value", "sso-client-secret");
    const b = seal.sealSecret("client-secret-value", "sso-client-secret");
    expect(a).not.toBe(b);
    expect(a).not.toContain("client-secret-value");
    expect(seal.openSecret(a, "sso-client-secret")).toBe("client-secret-value");
    expect(seal.openSecret(a, "another-purpose")).toBeNull();
    const parts = a.split(".");
    const body = parts[2]!;
    const flipped = (body[0] === "A" ? "B" : "A") + body.slice(1);
    expect(seal.openSecret([parts[0], parts[1], flipped, parts[3]].join("."), "sso-client-secret")).toBeNull();
    expect(seal.openSecret("garbage", "sso-client-secret")).toBeNull();
  });
});
