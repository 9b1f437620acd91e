/**
 * Single sign-on data (ADR 034): each organisation's identity provider (sso_connections) and
 * which provider identity is which staff account (sso_links).
 */
import { and, asc, eq } from "drizzle-orm";
import { employers, ssoConnections, ssoLinks, users, type SsoConnection, type User } from "#db/schema.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { sealSecret } from "#app/utils/secret.server.ts";
import { appendAudit } from "./audit.server.ts";
import { getUserByUsername } from "./user.server.ts";

export type { SsoConnection } from "#db/schema.ts";

/** The purpose a client secret is sealed for (app/utils/secret.server.ts). */
export const CLIENT_SECRET_PURPOSE = "sso-client-secret";

export function listSsoConnections(db: Db = getDb()) {
  return db
    .select({ connection: ssoConnections, employerName: employers.name })
    .from(ssoConnections)
    .leftJoin(employers, eq(employers.id, ssoConnections.employerId))
    .orderBy(asc(ssoConnections.emailDomain))
    .all();
}

export function getSsoConnection(id: string, db: Db = getDb()): SsoConnection | undefined {
  return db.select().from(ssoConnections).where(eq(ssoConnections.id, id)).get();
}

export function getSsoConnectionByDomain(domain: string, db: Db = getDb()): SsoConnection | undefined {
  return db.select().from(ssoConnections).where(eq(ssoConnections.emailDomain, domain.toLowerCase())).get();
}

/** The connection of the organisation a staff account belongs to, if it has one. */
export function getSsoConnectionForUser(user: Pick<User, "kind" | "employerId" | "jurisdiction">, db: Db = getDb()): SsoConnection | undefined {
  if (user.kind === "employer_admin" && user.employerId) return db.select().from(ssoConnections).where(eq(ssoConnections.employerId, user.employerId)).get();
  if (user.kind === "council" && user.jurisdiction) return db.select().from(ssoConnections).where(eq(ssoConnections.jurisdiction, user.jurisdiction)).get();
  return undefined;
}

export interface SsoConnectionInput {
  owner: { employerId: string } | { jurisdiction: string };
  issuer: string;
  clientId: string;
  /** Empty when editing: the stored secret is kept. */
  clientSecret: string;
  emailDomain: string;
  matchByEmail: boolean;
  required: boolean;
}

interface Actor {
  actor: Pick<User, "id" | "kind">;
  clientAddress: string;
}

export type SaveResult = { ok: true; id: string } | { ok: false; error: "domainTaken" | "noEmployer" | "secretMissing" };

/** Creates or replaces the organisation's connection, audited, in one transaction. */
export function saveSsoConnection(input: SsoConnectionInput, who: Actor, now: Date): SaveResult {
  return writeTransaction((tx) => {
    const employerId = "employerId" in input.owner ? input.owner.employerId : null;
    const jurisdiction = "jurisdiction" in input.owner ? input.owner.jurisdiction : null;
    if (employerId && !tx.select({ id: employers.id }).from(employers).where(eq(employers.id, employerId)).get()) return { ok: false, error: "noEmployer" } as const;
    const existing = employerId
      ? tx.select().from(ssoConnections).where(eq(ssoConnections.employerId, employerId)).get()
      : tx.select().from(ssoConnections).where(eq(ssoConnections.jurisdiction, jurisdiction!)).get();
    const sameDomain = getSsoConnectionByDomain(input.emailDomain, tx);
    if (sameDomain && sameDomain.id !== existing?.id) return { ok: false, error: "domainTaken" } as const;
    if (!existing && !input.clientSecret) return { ok: false, error: "secretMissing" } as const;
    const values = {
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretSealed: input.clientSecret ? sealSecret(input.clientSecret, CLIENT_SECRET_PURPOSE) : existing!.clientSecretSealed,
      emailDomain: input.emailDomain.toLowerCase(),
      matchByEmail: input.matchByEmail,
      required: input.required,
      updatedAt: now.getTime(),
    };
    const id = existing?.id ?? newId();
    if (existing) {
      // Another provider: links made under the old one name identities it no longer vouches for.
      if (existing.issuer !== input.issuer) tx.delete(ssoLinks).where(eq(ssoLinks.connectionId, id)).run();
      tx.update(ssoConnections).set(values).where(eq(ssoConnections.id, id)).run();
    } else {
      tx.insert(ssoConnections).values({ id, employerId, jurisdiction, createdAt: now.getTime(), ...values }).run();
    }
    appendAudit(
      tx,
      {
        action: "sso-configured",
        actor: who.actor,
        clientAddress: who.clientAddress,
        target: { type: "sso-connection", id },
        employerId,
        detail: { issuer: input.issuer, emailDomain: values.emailDomain, matchByEmail: input.matchByEmail, required: input.required, jurisdiction, secretChanged: input.clientSecret !== "" },
      },
      now,
    );
    return { ok: true, id } as const;
  });
}

export function deleteSsoConnection(id: string, who: Actor, now: Date): boolean {
  return writeTransaction((tx) => {
    const existing = getSsoConnection(id, tx);
    if (!existing) return false;
    tx.delete(ssoLinks).where(eq(ssoLinks.connectionId, id)).run();
    tx.delete(ssoConnections).where(eq(ssoConnections.id, id)).run();
    appendAudit(tx, { action: "sso-removed", actor: who.actor, clientAddress: who.clientAddress, target: { type: "sso-connection", id }, employerId: existing.employerId, detail: { issuer: existing.issuer, emailDomain: existing.emailDomain } }, now);
    return true;
  });
}

/** The account a provider identity is linked to, and under which connection. */
export function getSsoLink(issuer: string, subject: string, db: Db = getDb()): { connectionId: string; user: User } | undefined {
  const row = db
    .select({ connectionId: ssoLinks.connectionId, user: users })
    .from(ssoLinks)
    .innerJoin(users, eq(users.id, ssoLinks.userId))
    .where(and(eq(ssoLinks.issuer, issuer), eq(ssoLinks.subject, subject)))
    .get();
  return row ?? undefined;
}

export function listSsoLinks(connectionId: string, db: Db = getDb()) {
  return db
    .select({ subject: ssoLinks.subject, username: users.username, name: users.name })
    .from(ssoLinks)
    .innerJoin(users, eq(users.id, ssoLinks.userId))
    .where(eq(ssoLinks.connectionId, connectionId))
    .orderBy(asc(users.username))
    .all();
}

/**
 * Links a provider identity to an account, audited; in the caller's transaction. Any earlier
 * link of that account at this connection is replaced (one identity per account per provider).
 */
export function linkSsoSubject(
  tx: Db,
  link: { connection: SsoConnection; subject: string; userId: string; how: "email" | "admin" },
  who: { actor: Pick<User, "id" | "kind">; clientAddress: string },
  now: Date,
) {
  tx.delete(ssoLinks).where(and(eq(ssoLinks.connectionId, link.connection.id), eq(ssoLinks.userId, link.userId))).run();
  tx.delete(ssoLinks).where(and(eq(ssoLinks.issuer, link.connection.issuer), eq(ssoLinks.subject, link.subject))).run();
  tx.insert(ssoLinks).values({ connectionId: link.connection.id, issuer: link.connection.issuer, subject: link.subject, userId: link.userId, createdAt: now.getTime() }).run();
  appendAudit(
    tx,
    { action: "sso-linked", actor: who.actor, clientAddress: who.clientAddress, target: { type: "user", id: link.userId }, employerId: link.connection.employerId, detail: { connection: link.connection.id, how: link.how } },
    now,
  );
}

export type AdminLinkResult = { ok: true } | { ok: false; error: "noConnection" | "notStaff" };

/** The platform admin's explicit mapping: this subject at the connection's provider is this staff account. */
export function linkSubjectByAdmin(
  input: { connectionId: string; username: string; subject: string },
  who: Actor,
  now: Date,
  isStaff: (user: User, connection: SsoConnection) => boolean,
): AdminLinkResult {
  return writeTransaction((tx) => {
    const connection = getSsoConnection(input.connectionId, tx);
    if (!connection) return { ok: false, error: "noConnection" } as const;
    const user = getUserByUsername(input.username, tx);
    if (!user || !isStaff(user, connection)) return { ok: false, error: "notStaff" } as const;
    linkSsoSubject(tx, { connection, subject: input.subject, userId: user.id, how: "admin" }, who, now);
    return { ok: true } as const;
  });
}
