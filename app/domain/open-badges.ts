/**
 * Open Badges 3.0 credentials (issue 18, ADR 031): what a certificate says as an
 * OpenBadgeCredential (W3C Verifiable Credentials 2.0 data model), the W3C Bitstring Status List
 * it points to, and did:web. Pure: the model (app/models/open-badges.server.ts) signs and stores.
 */
import { addDays, startOfDayMs, type IsoDate } from "./dates.ts";

export const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/** VC-JOSE-COSE: the media type of a credential secured as a JWT. */
export const VC_JWT_MEDIA_TYPE = "application/vc+jwt";
/** A W3C Bitstring Status List holds at least 131,072 entries (16 KB), so no one entry stands out. */
export const STATUS_LIST_SIZE = 131_072;

/** did:web of an origin: https://host:port → did:web:host%3Aport (the port's colon percent-encoded). */
export function didWebFor(origin: string): string {
  const url = new URL(origin);
  return `did:web:${url.host.replace(/:/g, "%3A")}`;
}

export function credentialUrl(origin: string, code: string): string {
  return `${origin}/credentials/${code}`;
}

export function statusListUrl(origin: string, listId: number): string {
  return `${origin}/credentials/status/${listId}`;
}

/** The last instant a certificate valid through `expiresOn` (a UTC date, ADR 018) is valid: 23:59:59Z that day. */
export function validUntilOf(expiresOn: IsoDate): string {
  return new Date(startOfDayMs(addDays(expiresOn, 1)) - 1000).toISOString().replace(".000Z", "Z");
}

export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export interface CredentialInput {
  origin: string;
  issuerName: string;
  code: string;
  holderName: string;
  /** "sha256$<hex>" of an identifier of the worker with `salt`: no email, no account id in the clear. */
  subjectHash: string;
  salt: string;
  courseId: string;
  courseTitle: string;
  courseVersion: string;
  language: "en" | "es";
  issuedAt: number;
  expiresOn: IsoDate;
  criteria: string;
  /** Each law in force covering the holder's role, and in words whether this course meets it by itself (as the check page says). */
  laws: { rule: string; title: string; citation: string; jurisdiction: string; standing: string }[];
  status: { listId: number; index: number };
}

/** The certificate as an OpenBadgeCredential (unsecured: the model wraps it in a VC-JWT). */
export function openBadgeCredential(c: CredentialInput) {
  const did = didWebFor(c.origin);
  const listUrl = statusListUrl(c.origin, c.status.listId);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: credentialUrl(c.origin, c.code),
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: did, type: ["Profile"], name: c.issuerName, url: c.origin },
    name: c.courseTitle,
    validFrom: isoSeconds(c.issuedAt),
    validUntil: validUntilOf(c.expiresOn),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        { type: "IdentityObject", identityType: "systemId", hashed: true, identityHash: c.subjectHash, salt: c.salt },
        // The name printed on the certificate, as the certificate shows it.
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: c.holderName },
      ],
      achievement: {
        id: `${c.origin}/achievements/${encodeURIComponent(c.courseId)}/${encodeURIComponent(c.courseVersion)}`,
        type: ["Achievement"],
        achievementType: "CertificateOfCompletion",
        name: c.courseTitle,
        description: c.criteria,
        criteria: { narrative: c.criteria },
        humanCode: c.courseId,
        version: c.courseVersion,
        inLanguage: c.language,
        alignment: c.laws.map((law) => ({
          type: ["Alignment"],
          targetType: "ext:JurisdictionRule",
          targetCode: law.rule,
          targetName: `${law.title} (${law.citation})`,
          targetDescription: law.standing,
          targetFramework: law.jurisdiction,
          targetUrl: `${c.origin}/laws/${encodeURIComponent(law.rule)}`,
        })),
      },
    },
    credentialStatus: {
      id: `${listUrl}#${c.status.index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(c.status.index),
      statusListCredential: listUrl,
    },
  };
}

export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;

/** The W3C Bitstring Status List credential (unsecured), `encodedList` already compressed. */
export function statusListCredential(origin: string, listId: number, encodedList: string, at: number) {
  const url = statusListUrl(origin, listId);
  return {
    "@context": [VC_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: didWebFor(origin),
    validFrom: isoSeconds(at),
    credentialSubject: { id: `${url}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList },
  };
}

/** The bits of a list with `set` on: bit 0 is the most significant bit of the first byte (the spec's order). */
export function bitstring(set: Iterable<number>, size = STATUS_LIST_SIZE): Uint8Array {
  const bytes = new Uint8Array(size / 8);
  for (const i of set) {
    if (!Number.isInteger(i) || i < 0 || i >= size) throw new RangeError(`status index out of range: ${i}`);
    bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  return bytes;
}

export function bitAt(bytes: Uint8Array, index: number): boolean {
  return ((bytes[index >> 3] ?? 0) & (0x80 >> (index & 7))) !== 0;
}

/** What checking a presented credential found. */
export type CredentialCheck =
  | { result: "malformed" | "not-ours" | "tampered" }
  | {
      result: "valid" | "expired" | "revoked";
      holderName: string;
      courseTitle: string;
      courseVersion: string;
      validFrom: string;
      validUntil: string;
    };
