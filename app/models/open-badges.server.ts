/**
 * Open Badges 3.0 (issue 18, ADR 031): each certificate as a signed OpenBadgeCredential
 * (VC-JWT, VC-JOSE-COSE, EdDSA over Ed25519, signed with `jose`), the issuer's did:web document,
 * the W3C Bitstring Status List that says which credentials are revoked, and the check of a
 * credential someone presents. The revoked bit is the certificate's revoked_at, read when the list
 * is built: revokeCertificate (certificate.server.ts) changes the list with no step of its own.
 */
import crypto from "node:crypto";
import zlib from "node:zlib";
import { and, count, eq, isNotNull } from "drizzle-orm";
import { CompactSign, compactVerify, decodeProtectedHeader } from "jose";
import { z } from "zod";
import { certificates, openBadgeStatus } from "#db/schema.ts";
import {
  OB_CONTEXT,
  STATUS_LIST_SIZE,
  VC_CONTEXT,
  bitAt,
  bitstring,
  didWebFor,
  openBadgeCredential,
  statusListCredential,
  statusListUrl,
  type CredentialCheck,
} from "#app/domain/open-badges.ts";
import { tFor } from "#app/i18n/messages.server.ts";
import { lawsForRole } from "#app/server/content.server.ts";
import { getDb, type Db } from "#app/utils/db.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { currentSigningKey, signingKeys } from "#app/utils/signing-keys.server.ts";
import type { Certificate } from "./certificate.server.ts";

export const ISSUER_NAME = "Frontline Ready";

/** The certificate's place in a status list, given once (in one write transaction) and kept. */
export function statusEntryFor(certificateId: string, now: Date, db: Db = getDb()): { listId: number; index: number } {
  const found = () =>
    db.select({ listId: openBadgeStatus.listId, index: openBadgeStatus.statusIndex }).from(openBadgeStatus).where(eq(openBadgeStatus.certificateId, certificateId)).get();
  const existing = found();
  if (existing) return existing;
  return db.transaction(
    (tx) => {
      const again = tx
        .select({ listId: openBadgeStatus.listId, index: openBadgeStatus.statusIndex })
        .from(openBadgeStatus)
        .where(eq(openBadgeStatus.certificateId, certificateId))
        .get();
      if (again) return again;
      // Entries are never removed, so the lists fill one after another.
      const total = tx.select({ n: count() }).from(openBadgeStatus).get()!.n;
      const listId = Math.floor(total / STATUS_LIST_SIZE) + 1;
      const taken = (i: number) =>
        tx.select({ c: openBadgeStatus.certificateId }).from(openBadgeStatus).where(and(eq(openBadgeStatus.listId, listId), eq(openBadgeStatus.statusIndex, i))).get() !== undefined;
      // A random place (the spec's advice: the index tells nothing of when or in what order).
      let index = -1;
      for (let tries = 0; tries < 32 && index < 0; tries++) {
        const i = crypto.randomInt(STATUS_LIST_SIZE);
        if (!taken(i)) index = i;
      }
      if (index < 0) {
        const used = new Set(tx.select({ i: openBadgeStatus.statusIndex }).from(openBadgeStatus).where(eq(openBadgeStatus.listId, listId)).all().map((r) => r.i));
        index = [...Array(STATUS_LIST_SIZE).keys()].find((i) => !used.has(i))!;
      }
      tx.insert(openBadgeStatus).values({ certificateId, listId, statusIndex: index, assignedAt: now.getTime() }).run();
      return { listId, index };
    },
    { behavior: "immediate" },
  );
}

/** The indexes of list `listId` whose certificates are revoked. */
export function revokedIndexes(listId: number, db: Db = getDb()): number[] {
  return db
    .select({ i: openBadgeStatus.statusIndex })
    .from(openBadgeStatus)
    .innerJoin(certificates, eq(certificates.id, openBadgeStatus.certificateId))
    .where(and(eq(openBadgeStatus.listId, listId), isNotNull(certificates.revokedAt)))
    .all()
    .map((r) => r.i);
}

/** How many status lists exist (at least 1, so /credentials/status/1 always answers). */
export function statusListCount(db: Db = getDb()): number {
  const total = db.select({ n: count() }).from(openBadgeStatus).get()!.n;
  return Math.max(1, Math.ceil(total / STATUS_LIST_SIZE));
}

async function signVcJwt(payload: Record<string, unknown>): Promise<string> {
  const key = currentSigningKey();
  const did = didWebFor(publicOrigin());
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "EdDSA", typ: "vc+jwt", cty: "vc", kid: `${did}#${key.kid}` })
    .sign(key.privateKey);
}

function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** The certificate as a signed OpenBadgeCredential: a compact VC-JWT. */
export async function issueOpenBadge(cert: Certificate, now: Date): Promise<string> {
  const origin = publicOrigin();
  const status = statusEntryFor(cert.id, now);
  const t = tFor(cert.language, "badges");
  const pt = tFor(cert.language, "public");
  // The worker, identified without email or account id: a salted hash of the account id.
  const salt = cert.id;
  const subjectHash = `sha256$${crypto.createHash("sha256").update(cert.userId + salt).digest("hex")}`;
  const credential = openBadgeCredential({
    origin,
    issuerName: ISSUER_NAME,
    code: cert.code,
    holderName: cert.holderName,
    subjectHash,
    salt,
    courseId: cert.courseId,
    courseTitle: cert.courseTitle,
    courseVersion: cert.courseVersion,
    language: cert.language,
    issuedAt: cert.issuedAt,
    expiresOn: cert.expiresOn,
    criteria: t("criteria", { course: cert.courseTitle, version: cert.courseVersion }),
    // The same standing the check page shows under "What this certificate counts for" (ADR 014).
    laws: lawsForRole(cert.jobRole).map((l) => ({
      ...l,
      standing: l.meetsByItself ? pt("standing.meets") : pt("standing.notAlone", { needs: l.needs.map((n) => pt(`standing.need.${n.kind}`, { by: n.by ?? "" })).join("; ") }),
    })),
    status,
  });
  // The JWT claims repeat what the credential says (VC-JOSE-COSE allows them; JWT libraries check them).
  return signVcJwt({
    ...credential,
    iss: credential.issuer.id,
    jti: credential.id,
    iat: Math.floor(now.getTime() / 1000),
    nbf: seconds(credential.validFrom),
    exp: seconds(credential.validUntil),
  });
}

/** VC 2.0's JSON wrapper of a secured credential: the file the worker downloads. */
export function envelope(jwt: string) {
  return { "@context": [VC_CONTEXT], id: `data:application/vc+jwt,${jwt}`, type: "EnvelopedVerifiableCredential" };
}

/** List `listId` as a signed BitstringStatusListCredential (VC-JWT); built afresh, so a revocation shows at once. */
export async function signedStatusList(listId: number, now: Date): Promise<string> {
  const bits = bitstring(revokedIndexes(listId));
  const encodedList = `u${zlib.gzipSync(bits).toString("base64url")}`;
  const credential = statusListCredential(publicOrigin(), listId, encodedList, now.getTime());
  return signVcJwt({ ...credential, iss: credential.issuer, jti: credential.id, iat: Math.floor(now.getTime() / 1000), nbf: seconds(credential.validFrom) });
}

/** The issuer's DID document, served at /.well-known/did.json: every key, old ones too. */
export function didDocument() {
  const did = didWebFor(publicOrigin());
  const methods = signingKeys().map((k) => ({ id: `${did}#${k.kid}`, type: "JsonWebKey2020", controller: did, publicKeyJwk: k.publicJwk }));
  return {
    "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

const Envelope = z.object({ type: z.union([z.literal("EnvelopedVerifiableCredential"), z.array(z.string()).refine((a) => a.includes("EnvelopedVerifiableCredential"))]), id: z.string() });
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** What we read of a credential we signed; anything else makes it not one of our certificates. */
const SignedBadge = z.object({
  "@context": z.array(z.string()).refine((c) => c[0] === VC_CONTEXT && c.includes(OB_CONTEXT)),
  type: z.array(z.string()).refine((t) => t.includes("OpenBadgeCredential")),
  issuer: z.object({ id: z.string() }),
  validFrom: z.iso.datetime(),
  validUntil: z.iso.datetime(),
  credentialSubject: z.object({
    identifier: z.array(z.object({ identityType: z.string(), identityHash: z.string() })),
    achievement: z.object({ name: z.string(), version: z.string() }),
  }),
  credentialStatus: z.object({ type: z.literal("BitstringStatusListEntry"), statusPurpose: z.literal("revocation"), statusListIndex: z.string().regex(/^\d+$/), statusListCredential: z.string() }),
});

/** Takes the VC-JWT out of what was pasted or uploaded: the JSON file we hand out, or the bare JWT. */
function presentedJwt(text: string): string | "not-ours" | null {
  const s = text.trim();
  if (JWT_SHAPE.test(s)) return s;
  if (!s.startsWith("{")) return null;
  let json: unknown;
  try {
    json = JSON.parse(s);
  } catch {
    return null;
  }
  const env = Envelope.safeParse(json);
  if (env.success) {
    const prefix = "data:application/vc+jwt,";
    const jwt = env.data.id.startsWith(prefix) ? env.data.id.slice(prefix.length) : "";
    return JWT_SHAPE.test(jwt) ? jwt : null;
  }
  // Some other credential (another issuer's, or one secured another way): not ours to vouch for.
  const types = (json as { type?: unknown }).type;
  return Array.isArray(types) && types.includes("VerifiableCredential") ? "not-ours" : null;
}

/**
 * Checks a presented credential: signed by one of our keys (any, old ones too), one of our
 * certificates, not revoked in our status list, not past validUntil. Revoked wins over expired,
 * as for the certificate itself (certificateStatus).
 */
export async function checkPresentedCredential(text: string, now: Date): Promise<CredentialCheck> {
  const jwt = presentedJwt(text);
  if (jwt === null) return { result: "malformed" };
  if (jwt === "not-ours") return { result: "not-ours" };
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jwt).kid;
  } catch {
    return { result: "malformed" };
  }
  const origin = publicOrigin();
  const did = didWebFor(origin);
  if (!kid?.startsWith(`${did}#`)) return { result: "not-ours" };
  const key = signingKeys().find((k) => `${did}#${k.kid}` === kid);
  if (!key) return { result: "tampered" };
  let payload: unknown;
  try {
    const verified = await compactVerify(jwt, key.publicJwk, { algorithms: ["EdDSA"] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    return { result: "tampered" };
  }
  const badge = SignedBadge.safeParse(payload);
  if (!badge.success || badge.data.issuer.id !== did) return { result: "not-ours" };
  const b = badge.data;
  const listPrefix = statusListUrl(origin, 0).replace(/0$/, "");
  const listId = b.credentialStatus.statusListCredential.startsWith(listPrefix) ? b.credentialStatus.statusListCredential.slice(listPrefix.length) : "";
  if (!/^[1-9]\d{0,8}$/.test(listId)) return { result: "not-ours" };
  const index = Number(b.credentialStatus.statusListIndex);
  const facts = {
    holderName: b.credentialSubject.identifier.find((i) => i.identityType === "name")?.identityHash ?? "",
    courseTitle: b.credentialSubject.achievement.name,
    courseVersion: b.credentialSubject.achievement.version,
    validFrom: b.validFrom,
    validUntil: b.validUntil,
  };
  if (index < STATUS_LIST_SIZE && bitAt(bitstring(revokedIndexes(Number(listId))), index)) return { result: "revoked", ...facts };
  if (now.getTime() > Date.parse(b.validUntil)) return { result: "expired", ...facts };
  return { result: "valid", ...facts };
}
