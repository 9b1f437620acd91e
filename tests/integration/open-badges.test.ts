/**
 * Open Badges 3.0 (issue 18 item 1, ADR 031) through the production server: the credential a
 * worker downloads is checked by an independent verifier (did-jwt, with the issuer's key
 * resolved from the server's own /.well-known/did.json through did-resolver; no code of ours),
 * the status list is decoded with node:zlib, and a changed byte, an expired date and a revoked
 * certificate each fail, both there and on our own check page. No network beyond the server.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import { verifyJWT } from "did-jwt";
import { Resolver, type DIDResolutionResult } from "did-resolver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { didWebFor } from "#app/domain/open-badges.ts";
import { startServer, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let off: TestServer;
let code: string;
let cert: { id: string; user_id: string; issued_at: number; expires_on: string; holder_name: string; course_version: string };
let worker: string;
let admin: string;
let clockOffsetMs = 0;

beforeAll(async () => {
  server = await startServer({ OPEN_BADGES: "1" });
  off = await startServer();
  const db = new Database(server.dbPath, { readonly: true });
  cert = db
    .prepare("SELECT c.* FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified' ORDER BY c.issued_at DESC LIMIT 1")
    .get() as typeof cert & { code: string };
  code = (cert as unknown as { code: string }).code;
  db.close();
  worker = await server.signIn("demo-certified");
  admin = await server.signIn("demo-admin");
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), off?.stop()]);
});

/** did:web resolution, answered by the test server (did:web means https on the public origin; the server under test is that origin). */
const resolver = () =>
  new Resolver({
    web: async (did, parsed): Promise<DIDResolutionResult> => {
      expect(parsed.id).toBe("frontline.test");
      const res = await fetch(`${server.origin}/.well-known/did.json`);
      return { didDocument: await res.json(), didDocumentMetadata: {}, didResolutionMetadata: { contentType: "application/did+json" } };
    },
  });

/** Independent verification: did-jwt checks the EdDSA signature against the DID document's keys, and nbf/exp. */
function independentlyVerify(jwt: string, nowSeconds = Math.floor((Date.now() + clockOffsetMs) / 1000)) {
  return verifyJWT(jwt, { resolver: resolver(), proofPurpose: "assertionMethod", policies: { now: nowSeconds } });
}

async function download(): Promise<{ jwt: string; file: string }> {
  const res = await server.request(`/credentials/${code}`, { cookie: worker });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="open-badge-[A-Z0-9-]+\.json"/);
  const file = await res.text();
  const json = JSON.parse(file) as { type: string; id: string };
  expect(json.type).toBe("EnvelopedVerifiableCredential");
  expect(json.id.startsWith("data:application/vc+jwt,")).toBe(true);
  return { jwt: json.id.slice("data:application/vc+jwt,".length), file };
}

function payloadOf(jwt: string) {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8"));
}

/** Our own check page, as a browser without JavaScript posts it. */
async function check(text: string, opts: { as?: "file" | "paste"; lang?: string } = {}) {
  const form = new FormData();
  if (opts.as === "file") form.set("file", new File([text], "badge.json", { type: "application/json" }));
  else form.set("credential", text);
  const res = await server.request("/verify/credential", { method: "POST", body: form, headers: opts.lang ? { "Accept-Language": opts.lang } : {} });
  const html = await res.text();
  return { status: res.status, html, result: /data-result="([a-z-]+)"/.exec(html)?.[1] ?? null };
}

async function statusBit(index: number, listUrl: string): Promise<boolean> {
  expect(listUrl).toBe("http://frontline.test/credentials/status/1");
  const res = await server.request("/credentials/status/1", { headers: { Accept: "application/vc+jwt" } });
  expect(res.headers.get("content-type")).toBe("application/vc+jwt");
  const jwt = await res.text();
  const verified = await independentlyVerify(jwt);
  const list = verified.payload as unknown as { type: string[]; credentialSubject: { statusPurpose: string; encodedList: string } };
  expect(list.type).toContain("BitstringStatusListCredential");
  expect(list.credentialSubject.statusPurpose).toBe("revocation");
  expect(list.credentialSubject.encodedList[0]).toBe("u"); // multibase base64url
  const bits = zlib.gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), "base64url"));
  expect(bits.length).toBeGreaterThanOrEqual(16 * 1024);
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

describe("Open Badges 3.0 credentials (OPEN_BADGES=1)", () => {
  it("names the issuer by did:web of the public origin, with the port's colon encoded", async () => {
    expect(didWebFor("https://training.example.org")).toBe("did:web:training.example.org");
    expect(didWebFor("https://training.example.org:8443")).toBe("did:web:training.example.org%3A8443");
    const res = await server.request("/.well-known/did.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { id: string; verificationMethod: { id: string; publicKeyJwk: { kty: string; crv: string; d?: string } }[]; assertionMethod: string[] };
    expect(doc.id).toBe("did:web:frontline.test");
    expect(doc.verificationMethod).toHaveLength(1);
    expect(doc.verificationMethod[0]!.publicKeyJwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(doc.verificationMethod[0]!.publicKeyJwk.d, "no private key part").toBeUndefined();
    expect(doc.assertionMethod).toEqual([doc.verificationMethod[0]!.id]);
  });

  it("offers the holder the badge file and a QR of its address on the certificate page", async () => {
    const res = await server.request(`/certificates/${code}`, { cookie: worker });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`href="/credentials/${code}"`);
    expect(html).toContain("Download the badge (JSON file)");
    expect(html).toMatch(/role="img" aria-label="QR code with the address of your digital badge"><svg/);
  });

  it("issues an OpenBadgeCredential that an independent verifier accepts, with the certificate's dates, achievement and status entry", async () => {
    const { jwt } = await download();
    const header = JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString()) as { alg: string; typ: string; kid: string };
    expect(header).toMatchObject({ alg: "EdDSA", typ: "vc+jwt" });
    expect(header.kid.startsWith("did:web:frontline.test#")).toBe(true);
    const verified = await independentlyVerify(jwt);
    expect(verified.verified).toBe(true);
    expect(verified.issuer).toBe("did:web:frontline.test");
    const vc = verified.payload as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(vc["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(vc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(vc.issuer.id).toBe("did:web:frontline.test");
    expect(vc.validFrom).toBe(new Date(Math.floor(cert.issued_at / 1000) * 1000).toISOString().replace(".000Z", "Z"));
    expect(vc.validUntil).toBe(`${cert.expires_on}T23:59:59Z`);
    expect(vc.exp).toBe(Date.parse(vc.validUntil) / 1000);
    const subject = vc.credentialSubject;
    expect(subject.type).toEqual(["AchievementSubject"]);
    expect(subject.identifier).toContainEqual(expect.objectContaining({ identityType: "name", hashed: false, identityHash: cert.holder_name }));
    const hashed = subject.identifier.find((i: { identityType: string }) => i.identityType === "systemId");
    expect(hashed.hashed).toBe(true);
    expect(hashed.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    // No account id and no email anywhere in it.
    const text = JSON.stringify(vc);
    expect(text).not.toContain(cert.user_id);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(subject.achievement).toMatchObject({ type: ["Achievement"], version: cert.course_version, criteria: { narrative: expect.stringContaining(cert.course_version) } });
    expect(["en", "es"]).toContain(subject.achievement.inLanguage);
    // Which laws in force cover the holder's job, each with whether this course meets it by itself (as the check page says).
    expect(subject.achievement.alignment.length).toBeGreaterThan(0);
    expect(subject.achievement.alignment).toContainEqual(
      expect.objectContaining({ targetCode: "us-tx-lodging", targetUrl: "http://frontline.test/laws/us-tx-lodging", targetDescription: expect.stringMatching(/Texas Attorney General/) }),
    );
    expect(vc.credentialStatus).toMatchObject({ type: "BitstringStatusListEntry", statusPurpose: "revocation", statusListCredential: "http://frontline.test/credentials/status/1" });
    // The same place in the list every time the credential is fetched.
    const again = payloadOf((await download()).jwt);
    expect(again.credentialStatus.statusListIndex).toBe(vc.credentialStatus.statusListIndex);
    expect(await statusBit(Number(vc.credentialStatus.statusListIndex), vc.credentialStatus.statusListCredential)).toBe(false);
  });

  it("says valid on the check page, pasted or uploaded, in English and Spanish", async () => {
    const { jwt, file } = await download();
    const pasted = await check(file);
    expect(pasted.status).toBe(200);
    expect(pasted.result).toBe("valid");
    expect(pasted.html).toContain("Valid. We issued this badge");
    expect(pasted.html).toContain(cert.holder_name);
    const uploaded = await check(file, { as: "file", lang: "es" });
    expect(uploaded.result).toBe("valid");
    expect(uploaded.html).toContain("Válida. Nosotros emitimos esta insignia");
    expect((await check(jwt)).result).toBe("valid");
  });

  it("fails a changed byte, in the independent verifier and on the check page", async () => {
    const { jwt } = await download();
    const [h, p, s] = jwt.split(".") as [string, string, string];
    const changedName = Buffer.from(Buffer.from(p, "base64url").toString("utf8").replace(cert.holder_name, `${cert.holder_name.slice(0, -1)}X`)).toString("base64url");
    const forged = `${h}.${changedName}.${s}`;
    await expect(independentlyVerify(forged)).rejects.toThrow(/invalid_signature/);
    expect((await check(forged)).result).toBe("tampered");
    // One character of the signature.
    const flipped = `${h}.${p}.${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`;
    await expect(independentlyVerify(flipped)).rejects.toThrow(/invalid_signature/);
    const page = await check(flipped, { lang: "es" });
    expect(page.status).toBe(200);
    expect(page.result).toBe("tampered");
    expect(page.html).toContain("Cambiada.");
  });

  it("answers bad input with a 4xx and clear words, and another issuer's credential as not ours", async () => {
    const empty = await check("  ");
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("Paste a badge, or choose its file.");
    const junk = await check("hello, this is not a badge");
    expect(junk.status).toBe(400);
    expect(junk.html).toContain("This is not a badge.");
    const tooLarge = await check("x".repeat(70 * 1024));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.html).toContain("This is too large to be one of our badges.");
    const json = await server.request("/verify/credential", { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(json.status).toBe(415);
    const other = await check(JSON.stringify({ "@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential", "OpenBadgeCredential"], issuer: "did:web:elsewhere.example" }));
    expect(other.result).toBe("not-ours");
    const { jwt } = await download();
    const [h] = jwt.split(".") as [string];
    const foreignHeader = Buffer.from(Buffer.from(h, "base64url").toString().replace("did:web:frontline.test", "did:web:elsewhere.example")).toString("base64url");
    expect((await check(`${foreignHeader}.${jwt.split(".")[1]}.${jwt.split(".")[2]}`)).result).toBe("not-ours");
  });

  it("keeps verifying credentials signed before a key rotation, and signs with the new key after it", async () => {
    const before = (await download()).jwt;
    const r = spawnSync(process.execPath, ["--import", "tsx", "app/cli/open-badges-rotate-key.ts"], {
      env: { ...process.env, DATABASE_PATH: server.dbPath },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(path.join(path.dirname(server.dbPath), "credential-keys.json"));
    const doc = (await (await server.request("/.well-known/did.json")).json()) as { verificationMethod: { id: string }[] };
    expect(doc.verificationMethod).toHaveLength(2);
    const after = (await download()).jwt;
    const kid = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString()).kid as string;
    expect(kid(after)).toBe(doc.verificationMethod[1]!.id);
    expect(kid(before)).toBe(doc.verificationMethod[0]!.id);
    expect((await independentlyVerify(before)).verified).toBe(true);
    expect((await independentlyVerify(after)).verified).toBe(true);
    expect((await check(before)).result).toBe("valid");
  });

  it("fails an expired credential, then says revoked once the certificate is revoked (revocation wins)", async () => {
    const { jwt } = await download();
    const vc = payloadOf(jwt);
    // Past the certificate's expiry date (as the project computes it: expires_on, ADR 018).
    const past = Date.parse(vc.validUntil) + 2 * 86_400_000 - Date.now();
    await server.advanceClock(past);
    clockOffsetMs = past;
    await expect(independentlyVerify(jwt)).rejects.toThrow(/expired/);
    const expired = await check(jwt);
    expect(expired.result).toBe("expired");
    expect(expired.html).toContain("Expired.");

    const index = Number(vc.credentialStatus.statusListIndex);
    expect(await statusBit(index, vc.credentialStatus.statusListCredential)).toBe(false);
    admin = await server.signIn("demo-admin"); // the earlier session ended with the clock's jump
    const revoke = await server.request("/admin/certificates", { cookie: admin, form: { code, reason: "Issued in error (test)" } });
    expect(revoke.status).toBe(200);
    expect(await statusBit(index, vc.credentialStatus.statusListCredential)).toBe(true);
    const revoked = await check(jwt, { lang: "es" });
    expect(revoked.result).toBe("revoked");
    expect(revoked.html).toContain("Revocada.");
  });
});

describe("Open Badges off (the default)", () => {
  it("answers 404 at every address of the feature and changes no page", async () => {
    const worker = await off.signIn("demo-certified");
    for (const url of ["/.well-known/did.json", `/credentials/${code}`, "/credentials/status/1", "/verify/credential"]) {
      expect((await off.request(url, { cookie: worker })).status, url).toBe(404);
    }
    expect((await off.request("/verify/credential", { method: "POST", form: { credential: "x" } })).status).toBe(404);
    const db = new Database(off.dbPath, { readonly: true });
    const offCode = (db.prepare("SELECT c.code FROM certificates c JOIN users u ON u.id = c.user_id WHERE u.username = 'demo-certified'").get() as { code: string }).code;
    db.close();
    const page = await (await off.request(`/certificates/${offCode}`, { cookie: worker })).text();
    expect(page).not.toContain("/credentials/");
    expect(page).not.toContain("Digital badge");
    const verify = await (await off.request("/verify")).text();
    expect(verify).not.toContain("/verify/credential");
  });
});
