/**
 * Account changes that end sessions and leave an audit trail: password changes and
 * resets, disabling, staff accounts created by a platform admin.
 */
import crypto from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import { passwordResets, users, employers } from "#db/schema.ts";
import { CODE_ALPHABET } from "#app/domain/certificate-code.ts";
import { getDb, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { hashPassword, verifyPassword } from "#app/utils/password.server.ts";
import { getMailer } from "#app/utils/mailer.server.ts";
import { passwordResetEmail } from "#app/email/password-reset.server.ts";
import type { Lang } from "#app/i18n/translate.ts";
import { appendAudit, audit } from "./audit.server.ts";
import { createEmployer, type Employer } from "./employer.server.ts";
import { deleteSessionsOfUser } from "./session.server.ts";
import { getUserByEmail, getUserByUsername, normalizeEmail, normalizeUsername, type User } from "./user.server.ts";

type Actor = Pick<User, "id" | "kind">;
const HOUR = 3_600_000;
/** A code an employer admin reads out to a worker: valid for 3 days. */
export const RESET_CODE_TTL_MS = 72 * HOUR;
/** A link sent by email: valid for 1 hour. */
export const RESET_LINK_TTL_MS = 1 * HOUR;
/** A set-up link for a new staff account, handed over by the platform admin: 7 days. */
export const SETUP_LINK_TTL_MS = 7 * 24 * HOUR;

function sha256(s: string) {
  return crypto.createHash("sha256").update(s).digest("hex");
}

/** Reset codes: 10 characters of the certificate alphabet (~49 bits), shown as XXXXX-XXXXX. */
export function normalizeResetCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}
function newResetCode() {
  let out = "";
  for (let i = 0; i < 10; i++) out += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return out;
}
export function formatResetCode(code: string) {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

function issueReset(tx: Db, user: User, kind: "code" | "link", secret: string, issuedBy: string | null, ttlMs: number, now: Date) {
  // A new secret retires the user's earlier unused ones.
  tx.delete(passwordResets).where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt))).run();
  tx.insert(passwordResets)
    .values({
      id: newId(),
      userId: user.id,
      kind,
      secretHash: sha256(kind === "code" ? normalizeResetCode(secret) : secret),
      issuedBy,
      createdAt: now.getTime(),
      expiresAt: now.getTime() + ttlMs,
      usedAt: null,
    })
    .run();
}

/** An employer admin gives a worker without email a one-time code to set a new password. */
export function issueResetCode(input: { worker: User; admin: Actor & { employerId: string }; clientAddress?: string }, now: Date) {
  const code = newResetCode();
  writeTransaction((tx) => {
    issueReset(tx, input.worker, "code", code, input.admin.id, RESET_CODE_TTL_MS, now);
    appendAudit(
      tx,
      {
        action: "password-reset-issued",
        actor: input.admin,
        clientAddress: input.clientAddress,
        target: { type: "user", id: input.worker.id },
        employerId: input.admin.employerId,
        detail: { kind: "code" },
      },
      now,
    );
  });
  return { code: formatResetCode(code), expiresAt: new Date(now.getTime() + RESET_CODE_TTL_MS) };
}

/** A self-service reset link for an account with this email address; undefined when
 * there is none (the caller answers the same either way). */
export function issueResetLink(input: { email: string; clientAddress?: string }, now: Date) {
  const user = getUserByEmail(input.email);
  if (!user || user.disabledAt !== null) return undefined;
  const token = crypto.randomBytes(32).toString("base64url");
  writeTransaction((tx) => {
    issueReset(tx, user, "link", token, null, RESET_LINK_TTL_MS, now);
    appendAudit(
      tx,
      { action: "password-reset-issued", actor: null, clientAddress: input.clientAddress, target: { type: "user", id: user.id }, employerId: user.employerId, detail: { kind: "link" } },
      now,
    );
  });
  return { token, user };
}

/**
 * Emails a reset link to the account with this address, when there is one and email is
 * configured. Returns before the email is sent: the answer to /forgot then takes as long
 * whether or not an account has the address. A failed send is logged (the token is not).
 */
export function emailResetLink(input: { email: string; clientAddress?: string; origin: string; lang: Lang }, now: Date): void {
  const mailer = getMailer();
  if (!mailer) return;
  const issued = issueResetLink({ email: input.email, clientAddress: input.clientAddress }, now);
  if (!issued || !issued.user.email) return;
  const { user } = issued;
  const { subject, body } = passwordResetEmail({ name: user.name, username: user.username, link: `${input.origin}/reset/${issued.token}` }, user.language ?? input.lang);
  mailer.transport.sendMail({ from: mailer.from, to: user.email!, subject, text: body }).catch((error: unknown) => {
    console.error(`[frontline] A password reset email to user ${user.id} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** The account a reset link is for, while it is unused and unexpired. */
export function findResetLink(token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const row = getDb()
    .select({ reset: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.secretHash, sha256(token)), eq(passwordResets.kind, "link")))
    .get();
  if (!row || row.reset.usedAt !== null || row.reset.expiresAt <= now.getTime() || row.user.disabledAt !== null) return undefined;
  return row;
}

/** The account a reset code is for, when `code` is that account's live code. */
export function findResetCode(username: string, code: string, now: Date) {
  const user = getUserByUsername(username);
  if (!user || user.disabledAt !== null) return undefined;
  const reset = getDb()
    .select()
    .from(passwordResets)
    .where(and(eq(passwordResets.secretHash, sha256(normalizeResetCode(code))), eq(passwordResets.kind, "code"), eq(passwordResets.userId, user.id)))
    .get();
  if (!reset || reset.usedAt !== null || reset.expiresAt <= now.getTime()) return undefined;
  return { reset, user };
}

/**
 * Uses a reset: sets the new password, marks the reset used and ends every session of
 * the account, in one transaction. Fails when the reset was used meanwhile.
 */
export async function completeReset(input: { resetId: string; user: User; newPassword: string; clientAddress?: string }, now: Date) {
  const hash = await hashPassword(input.newPassword);
  return writeTransaction((tx) => {
    const used = tx
      .update(passwordResets)
      .set({ usedAt: now.getTime() })
      .where(and(eq(passwordResets.id, input.resetId), isNull(passwordResets.usedAt)))
      .run();
    if (used.changes !== 1) return false;
    storePassword(tx, input.user, hash, "password-reset-used", input.clientAddress, now);
    return true;
  });
}

/** A new password hash: every session of the account ends, and the change is audited. */
function storePassword(tx: Db, user: User, hash: string, action: "password-changed" | "password-reset-used", clientAddress: string | undefined, now: Date) {
  tx.update(users).set({ passwordHash: hash }).where(eq(users.id, user.id)).run();
  deleteSessionsOfUser(user.id, tx);
  appendAudit(tx, { action, actor: user, clientAddress, target: { type: "user", id: user.id }, employerId: user.employerId }, now);
}

/**
 * Changes a signed-in user's password after checking the current one; every session ends.
 * A wrong current password is audited (someone at a signed-in device may be guessing).
 */
export async function changePassword(input: { user: User; current: string; next: string; clientAddress?: string }, now: Date) {
  if (!(await verifyPassword(input.current, input.user.passwordHash))) {
    audit(
      { action: "password-change-failed", actor: input.user, clientAddress: input.clientAddress, target: { type: "user", id: input.user.id }, employerId: input.user.employerId },
      now,
    );
    return false;
  }
  const hash = await hashPassword(input.next);
  writeTransaction((tx) => storePassword(tx, input.user, hash, "password-changed", input.clientAddress, now));
  return true;
}

export type StaffInput = { name: string; username: string; email: string };
export type CreateStaffResult =
  | { ok: true; user: User; employer?: Employer; setupToken: string }
  | { ok: false; field: "username"; error: "usernameTaken" }
  | { ok: false; field: "email"; error: "emailTaken" };

/**
 * Creates an employer (with its first admin) or a council account. The new account has
 * no usable password: the platform admin hands over a set-up link, and the new user
 * chooses their own password.
 */
export async function createStaffAccount(
  input: StaffInput &
    ({ kind: "employer_admin"; employer: { name: string; sector: "lodging" | "transit"; jurisdiction: string; county?: string } } | { kind: "council"; jurisdiction: string }),
  actor: Actor,
  clientAddress: string | undefined,
  now: Date,
): Promise<CreateStaffResult> {
  const unusable = await hashPassword(crypto.randomBytes(32).toString("base64url"));
  const username = normalizeUsername(input.username);
  const email = normalizeEmail(input.email);
  return writeTransaction((tx) => {
    if (getUserByUsername(username, tx)) return { ok: false as const, field: "username" as const, error: "usernameTaken" as const };
    if (getUserByEmail(email, tx)) return { ok: false as const, field: "email" as const, error: "emailTaken" as const };
    let employer: Employer | undefined;
    if (input.kind === "employer_admin") {
      employer = createEmployer(input.employer, now, tx);
      appendAudit(tx, { action: "employer-created", actor, clientAddress, target: { type: "employer", id: employer.id }, employerId: employer.id, detail: { name: employer.name, jurisdiction: employer.jurisdiction } }, now);
    }
    const user: User = {
      id: newId(),
      username,
      name: input.name.trim(),
      email,
      passwordHash: unusable,
      kind: input.kind,
      employerId: employer?.id ?? null,
      jurisdiction: input.kind === "council" ? input.jurisdiction : null,
      createdAt: now.getTime(),
      disabledAt: null,
      language: null,
    };
    tx.insert(users).values(user).run();
    const setupToken = crypto.randomBytes(32).toString("base64url");
    issueReset(tx, user, "link", setupToken, actor.id, SETUP_LINK_TTL_MS, now);
    appendAudit(
      tx,
      { action: "account-created", actor, clientAddress, target: { type: "user", id: user.id }, employerId: user.employerId, detail: { kind: user.kind, jurisdiction: user.jurisdiction } },
      now,
    );
    return { ok: true as const, user, employer, setupToken };
  });
}

/** Disables or re-enables an account; disabling ends all its sessions. */
export function setAccountDisabled(input: { userId: string; disabled: boolean; actor: Actor; clientAddress?: string }, now: Date) {
  return writeTransaction((tx) => {
    const user = tx.select().from(users).where(eq(users.id, input.userId)).get();
    if (!user) return false;
    if ((user.disabledAt !== null) === input.disabled) return true;
    tx.update(users).set({ disabledAt: input.disabled ? now.getTime() : null }).where(eq(users.id, user.id)).run();
    if (input.disabled) deleteSessionsOfUser(user.id, tx);
    appendAudit(
      tx,
      { action: input.disabled ? "account-disabled" : "account-enabled", actor: input.actor, clientAddress: input.clientAddress, target: { type: "user", id: user.id }, employerId: user.employerId },
      now,
    );
    return true;
  });
}

/** Staff accounts (everyone but workers), for the platform admin. */
export function listStaffAccounts(db: Db = getDb()) {
  return db
    .select({ user: users, employerName: employers.name })
    .from(users)
    .leftJoin(employers, eq(employers.id, users.employerId))
    .where(ne(users.kind, "worker"))
    .orderBy(users.kind, users.username)
    .all();
}
