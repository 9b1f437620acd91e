/**
 * Single sign-on rules for staff accounts (ADR 034), free of I/O: which provider addresses are
 * acceptable, which accounts an organisation's provider may sign in, and how a provider's
 * answer (issuer, subject, email) names one account.
 */

/** The organisation a connection belongs to: exactly one employer or one council jurisdiction. */
export interface SsoOwner {
  employerId: string | null;
  jurisdiction: string | null;
}

export interface SsoAccount {
  id: string;
  kind: "worker" | "employer_admin" | "council" | "platform_admin";
  employerId: string | null;
  jurisdiction: string | null;
  disabledAt: number | null;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * An issuer address the site will talk to: https, or plain http only on this machine's
 * loopback (a provider run beside the site, as the tests do). No credentials, query or fragment.
 */
export function issuerAllowed(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

export function isLoopbackIssuer(raw: string): boolean {
  return new URL(raw).protocol === "http:";
}

/** The lower-cased domain of an email address, or null. */
export function emailDomainOf(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1 || at === email.length - 1) return null;
  return email.slice(at + 1).trim().toLowerCase();
}

/**
 * Whether `user` is staff of the connection's organisation: an employer admin of that employer,
 * or a council auditor of that jurisdiction, and not disabled. Workers and platform admins are
 * never signed in by single sign-on.
 */
export function isStaffOf(user: SsoAccount, owner: SsoOwner): boolean {
  if (user.disabledAt !== null) return false;
  if (user.kind === "employer_admin") return owner.employerId !== null && user.employerId === owner.employerId;
  if (user.kind === "council") return owner.jurisdiction !== null && user.jurisdiction === owner.jurisdiction;
  return false;
}

/** The ID token's claims this decision reads. */
export interface SsoClaims {
  email?: unknown;
  email_verified?: unknown;
  [claim: string]: unknown;
}

export type SsoResolution =
  | { ok: true; userId: string; newLink: boolean }
  | { ok: false; reason: "unknownUser" | "otherOrganisation" };

/**
 * The account a provider's answer signs in:
 * - a stored link (issuer + subject) → its account, if it is still staff of this connection's
 *   organisation (a link made under another organisation's connection never counts);
 * - else, when the connection allows it, the verified email (email_verified true, in the
 *   connection's domain) of a staff account of this organisation, which is then linked;
 * - else no one.
 */
export function resolveSsoAccount(input: {
  owner: SsoOwner;
  connectionId: string;
  emailDomain: string;
  matchByEmail: boolean;
  link: { connectionId: string; user: SsoAccount } | null;
  claims: SsoClaims;
  /** The account holding the claimed email address, if any (looked up by the caller). */
  emailUser: SsoAccount | null;
}): SsoResolution {
  if (input.link) {
    if (input.link.connectionId !== input.connectionId || !isStaffOf(input.link.user, input.owner)) return { ok: false, reason: "otherOrganisation" };
    return { ok: true, userId: input.link.user.id, newLink: false };
  }
  if (!input.matchByEmail) return { ok: false, reason: "unknownUser" };
  const { email, email_verified } = input.claims;
  if (typeof email !== "string" || email_verified !== true) return { ok: false, reason: "unknownUser" };
  if (emailDomainOf(email) !== input.emailDomain) return { ok: false, reason: "unknownUser" };
  if (!input.emailUser) return { ok: false, reason: "unknownUser" };
  if (!isStaffOf(input.emailUser, input.owner)) return { ok: false, reason: "otherOrganisation" };
  return { ok: true, userId: input.emailUser.id, newLink: true };
}
