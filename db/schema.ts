import { sql } from "drizzle-orm";
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

/**
 * Times are stored as integer milliseconds since the epoch (UTC); calendar dates
 * (hire dates, expiry dates) as ISO `YYYY-MM-DD` text. See docs/decisions/003-data-model.md.
 */
const ms = (name: string) => integer(name, { mode: "number" });

export const employers = sqliteTable(
  "employers",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    sector: text("sector", { enum: ["lodging", "transit"] }).notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    county: text("county"),
    joinCode: text("join_code").notNull(),
    createdAt: ms("created_at").notNull(),
    /**
     * The rule whose "applies only if" question the employer answered yes (a Louisiana gaming
     * licensee's hotel); null until then. The audit log keeps who answered and when.
     */
    confirmedRuleId: text("confirmed_rule_id"),
  },
  (t) => [uniqueIndex("employers_join_code_uq").on(t.joinCode), index("employers_jurisdiction_idx").on(t.jurisdiction, t.sector)],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Lower-cased, trimmed; unique. */
    username: text("username").notNull(),
    name: text("name").notNull(),
    email: text("email"),
    passwordHash: text("password_hash").notNull(),
    kind: text("kind", {
      enum: ["worker", "employer_admin", "council", "platform_admin"],
    }).notNull(),
    /** For employer admins: the employer they administer. */
    employerId: text("employer_id").references(() => employers.id),
    /** For council auditors: the jurisdiction they audit, e.g. US-WI. */
    jurisdiction: text("jurisdiction"),
    createdAt: ms("created_at").notNull(),
    disabledAt: ms("disabled_at"),
    /** The interface language the user chose ("en", "es"); null until they choose. */
    language: text("language", { enum: ["en", "es"] }),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(t.username),
    // Lower-cased, trimmed; optional (many workers have none) but unique when present.
    uniqueIndex("users_email_uq").on(t.email).where(sql`email IS NOT NULL`),
  ],
);

/** An employer's location with its own join link and poster (a hotel, a garage, a station). */
export const sites = sqliteTable(
  "sites",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    name: text("name").notNull(),
    joinCode: text("join_code").notNull(),
    createdAt: ms("created_at").notNull(),
    /** The local police agency's name and non-emergency number, shown to the site's workers. */
    policeAgency: text("police_agency"),
    policePhone: text("police_phone"),
    /**
     * When the employer turned on the shared-device (break-room tablet) mode for this site, or
     * null while it is off. A tablet opened on the site's shared-device link signs each worker
     * out when they finish or go idle (ADR 028).
     */
    sharedDeviceSince: ms("shared_device_since"),
  },
  (t) => [uniqueIndex("sites_join_code_uq").on(t.joinCode), uniqueIndex("sites_employer_name_uq").on(t.employerId, t.name)],
);

/**
 * A job at an employer: one row of the employer's roster. A row added by the employer (by
 * hand or CSV import) has no user until the worker joins and claims it; a worker who joins
 * by link gets a row of their own. A worker can hold several over time.
 */
export const employments = sqliteTable(
  "employments",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").references(() => users.id),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    siteId: text("site_id").references(() => sites.id),
    /** The name on the roster (the employer's records); a joined worker's account name at join. */
    fullName: text("full_name").notNull().default(""),
    /** The employer's own id for the person (CSV imports are keyed by it); unique per employer. */
    employeeId: text("employee_id"),
    jobRole: text("job_role").notNull(),
    /** ISO date. Deadlines count from here, never from when the row was made. */
    hireDate: text("hire_date").notNull().default(""),
    email: text("email"),
    phone: text("phone"),
    /**
     * The language the employer says the worker reads ("en", "es"), for reminders until the
     * worker chooses one on their account; null when not known (reminders then carry both).
     */
    language: text("language", { enum: ["en", "es"] }),
    /**
     * The code the worker types with their employee ID to claim this row when they join
     * (app/domain/claim-code.ts): set while no account holds the row, null once one does. Shown
     * only to the employer's admins (worker page, join slip); compared in constant time.
     */
    claimCode: text("claim_code"),
    /** When the row was made. */
    startedAt: ms("started_at").notNull(),
    /** Termination: midnight UTC of the last day worked; null while employed. */
    endedAt: ms("ended_at"),
  },
  (t) => [
    index("employments_user_idx").on(t.userId),
    index("employments_employer_idx").on(t.employerId),
    uniqueIndex("employments_employee_id_uq").on(t.employerId, t.employeeId).where(sql`employee_id IS NOT NULL`),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /**
     * SHA-256 (hex) of the session id. The id itself is only in the user's cookie, so a copy of
     * the database (a backup, a stolen disk) signs no one in.
     */
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: ms("created_at").notNull(),
    /** Absolute end: the session ends then however active it is. */
    expiresAt: ms("expires_at").notNull(),
    /** Last request seen (updated at most once a minute); idle timeout counts from here. Sessions from before this column existed read 0: idle, so they end. */
    lastSeenAt: ms("last_seen_at").notNull().default(0),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * A roster CSV that passed the import's preview, kept until the admin confirms it (or for an
 * hour): the confirmation sends only its id and SHA-256, so a file that fits the upload limit
 * is never refused when confirmed. Only the admin who previewed it, at that employer, can
 * confirm it.
 */
export const pendingImports = sqliteTable(
  "pending_imports",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    adminId: text("admin_id")
      .notNull()
      .references(() => users.id),
    fileName: text("file_name").notNull(),
    /** SHA-256 (hex) of `csv`, as the preview showed it. */
    sha256: text("sha256").notNull(),
    csv: text("csv").notNull(),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("pending_imports_admin_idx").on(t.adminId, t.createdAt), index("pending_imports_expires_idx").on(t.expiresAt)],
);

/**
 * One-time secrets that let a user set a new password: a short code an employer admin
 * gives a worker in person, or a link sent to an email address. Only the SHA-256 of the
 * secret is stored; issuing a new one retires the user's earlier unused ones.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ["code", "link"] }).notNull(),
    secretHash: text("secret_hash").notNull(),
    /** Who issued it: an employer admin for codes, null for a self-service link. */
    issuedBy: text("issued_by").references(() => users.id),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    usedAt: ms("used_at"),
  },
  (t) => [
    uniqueIndex("password_resets_secret_uq").on(t.secretHash),
    index("password_resets_user_idx").on(t.userId),
  ],
);

/**
 * Append-only log of security and compliance events. Each row's hash covers its fields
 * and the previous row's hash, so an edited or removed row breaks the chain
 * (`npm run audit:verify`). Triggers in a migration refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    at: ms("at").notNull(),
    action: text("action").notNull(),
    actorId: text("actor_id"),
    actorKind: text("actor_kind"),
    clientAddress: text("client_address"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** The employer the event concerns, so an employer's own events can be listed. */
    employerId: text("employer_id"),
    /** JSON object with event-specific facts (never a password or secret). */
    detail: text("detail").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_log_employer_idx").on(t.employerId, t.seq),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);

/** One row per worker, course and module: when it was first opened and when completed. */
export const moduleProgress = sqliteTable(
  "module_progress",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id").notNull(),
    moduleId: text("module_id").notNull(),
    openedAt: ms("opened_at").notNull(),
    completedAt: ms("completed_at"),
    /** Content hash of the course when the module was completed. */
    completedOnVersion: text("completed_on_version"),
  },
  (t) => [uniqueIndex("module_progress_pk").on(t.userId, t.courseId, t.moduleId)],
);

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    employmentId: text("employment_id")
      .notNull()
      .references(() => employments.id),
    courseId: text("course_id").notNull(),
    courseVersion: text("course_version").notNull(),
    contentHash: text("content_hash").notNull(),
    jobRole: text("job_role").notNull(),
    /** JSON: [{ questionId, choiceIds: [shuffled order] }] */
    questions: text("questions", { mode: "json" })
      .$type<{ questionId: string; choiceIds: string[] }[]>()
      .notNull(),
    status: text("status", { enum: ["open", "graded"] }).notNull(),
    createdAt: ms("created_at").notNull(),
    gradedAt: ms("graded_at"),
    attestedAt: ms("attested_at"),
    correctCount: integer("correct_count"),
    questionCount: integer("question_count").notNull(),
    /** Percent, 0..100. */
    score: real("score"),
    passed: integer("passed", { mode: "boolean" }),
    /** The language the worker took the quiz in; either satisfies the requirement. */
    language: text("language", { enum: ["en", "es"] }).notNull().default("en"),
  },
  (t) => [
    index("quiz_attempts_user_course_idx").on(t.userId, t.courseId, t.createdAt),
    // At most one open attempt per worker and course.
    uniqueIndex("quiz_attempts_one_open_uq")
      .on(t.userId, t.courseId)
      .where(sql`status = 'open'`),
  ],
);

export const attemptAnswers = sqliteTable(
  "attempt_answers",
  {
    attemptId: text("attempt_id")
      .notNull()
      .references(() => quizAttempts.id),
    questionId: text("question_id").notNull(),
    /** JSON array of the chosen choice ids. */
    choiceIds: text("choice_ids", { mode: "json" }).$type<string[]>().notNull(),
    correct: integer("correct", { mode: "boolean" }).notNull(),
  },
  (t) => [uniqueIndex("attempt_answers_pk").on(t.attemptId, t.questionId)],
);

export const certificates = sqliteTable(
  "certificates",
  {
    id: text("id").primaryKey(),
    /** 15 characters from an unambiguous alphabet, stored without dashes. */
    code: text("code").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    employmentId: text("employment_id")
      .notNull()
      .references(() => employments.id),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    /** One certificate per graded attempt, enforced by the database. */
    attemptId: text("attempt_id")
      .notNull()
      .references(() => quizAttempts.id),
    holderName: text("holder_name").notNull(),
    employerName: text("employer_name").notNull(),
    jobRole: text("job_role").notNull(),
    courseId: text("course_id").notNull(),
    courseTitle: text("course_title").notNull(),
    courseVersion: text("course_version").notNull(),
    contentHash: text("content_hash").notNull(),
    /** Percent, 0..100. */
    score: real("score").notNull(),
    attestedAt: ms("attested_at").notNull(),
    issuedAt: ms("issued_at").notNull(),
    /** ISO date (YYYY-MM-DD); valid through the end of that day, UTC. */
    expiresOn: text("expires_on").notNull(),
    revokedAt: ms("revoked_at"),
    revokedReason: text("revoked_reason"),
    revokedBy: text("revoked_by").references(() => users.id),
    /** The jurisdiction rule in force for this job when issued, and its content hash. */
    ruleId: text("rule_id"),
    ruleVersion: text("rule_version"),
    /** The language the course was taken in; the certificate states it and is printed in it. */
    language: text("language", { enum: ["en", "es"] }).notNull().default("en"),
  },
  (t) => [
    uniqueIndex("certificates_code_uq").on(t.code),
    uniqueIndex("certificates_attempt_uq").on(t.attemptId),
    index("certificates_user_idx").on(t.userId),
    index("certificates_employer_idx").on(t.employerId),
    check("certificates_score_range", sql`${t.score} >= 0 AND ${t.score} <= 100`),
  ],
);

/** Each certificate's PDF, rendered once after issuance, so exports never render in bulk. */
export const certificatePdfs = sqliteTable("certificate_pdfs", {
  certificateId: text("certificate_id")
    .primaryKey()
    .references(() => certificates.id),
  pdf: blob("pdf", { mode: "buffer" }).notNull(),
  sha256: text("sha256").notNull(),
  renderedAt: ms("rendered_at").notNull(),
});

/** An employer's signed attestation for a rule and period (MN, MD, WA, NJ require one). */
export const attestations = sqliteTable(
  "attestations",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    ruleId: text("rule_id").notNull(),
    ruleVersion: text("rule_version").notNull(),
    /** The period attested, e.g. "2026". */
    period: text("period").notNull(),
    statement: text("statement").notNull(),
    signedBy: text("signed_by")
      .notNull()
      .references(() => users.id),
    signedName: text("signed_name").notNull(),
    signedTitle: text("signed_title").notNull(),
    signedAt: ms("signed_at").notNull(),
    /** Counts at signing: covered workers and how many were compliant. */
    covered: integer("covered").notNull(),
    compliant: integer("compliant").notNull(),
  },
  (t) => [uniqueIndex("attestations_period_uq").on(t.employerId, t.ruleId, t.period)],
);

/**
 * Emails to send. The dedupe key makes the same reminder impossible to queue twice;
 * failed sends are retried with back-off.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    /** A TypeScript enum over SQLite text: a new kind needs no migration. */
    kind: text("kind", { enum: ["worker-reminder", "admin-digest", "monthly-report"] }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    employmentId: text("employment_id").references(() => employments.id),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: ms("created_at").notNull(),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ms("next_attempt_at").notNull(),
    sentAt: ms("sent_at"),
    lastError: text("last_error"),
  },
  (t) => [uniqueIndex("outbox_dedupe_uq").on(t.dedupeKey), index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_employer_idx").on(t.employerId, t.createdAt)],
);

/**
 * Each roster row's status as last computed, and the day it may next change with time
 * alone. Kept in step, in the same transaction, with every write that can change a status
 * (ADR 010); the daily job refreshes the rows whose `changes_on` has come.
 */
export const employmentStatus = sqliteTable(
  "employment_status",
  {
    employmentId: text("employment_id")
      .primaryKey()
      .references(() => employments.id),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    ruleId: text("rule_id"),
    ruleVersion: text("rule_version"),
    /**
     * The roster row's status (ComplianceStatus kind): not-covered | due | overdue | compliant |
     * expiring | expired; for a former worker, as of their last day.
     */
    kind: text("kind").notNull(),
    /** The worker has left: counted as a record, not as workforce. */
    former: integer("former", { mode: "boolean" }).notNull().default(false),
    /** The status's dates (ISO), as ComplianceStatus carries them for its kind. */
    dueDate: text("due_date"),
    completedOn: text("completed_on"),
    validUntil: text("valid_until"),
    expiredOn: text("expired_on"),
    certificateId: text("certificate_id"),
    /** The date that matters for the row (due, lapsed or runs out), for sorting; null = none. */
    deadline: text("deadline"),
    /** ISO date from which time alone may change the status; null = not by time. */
    changesOn: text("changes_on"),
    /** 1 when the worker has any completion that counts (for "no training activity"). */
    trained: integer("trained", { mode: "boolean" }).notNull(),
  },
  (t) => [
    index("employment_status_changes_idx").on(t.changesOn),
    index("employment_status_employer_changes_idx").on(t.employerId, t.changesOn),
    index("employment_status_roster_idx").on(t.employerId, t.former, t.kind, t.deadline),
  ],
);

/**
 * Roster rows whose status inputs changed in the open transaction (filled by triggers on
 * employments, certificates, external completions and employers, migration 0010); the status
 * wrapper recomputes them before COMMIT and a transaction that leaves one behind is refused
 * (ADR 009). Empty between transactions.
 */
export const statusDirty = sqliteTable("status_dirty", {
  employmentId: text("employment_id").primaryKey(),
});

/** Per employer: current workers by status. The council's pages read only these counters. */
export const employerStats = sqliteTable(
  "employer_stats",
  {
    employerId: text("employer_id")
      .primaryKey()
      .references(() => employers.id),
    workers: integer("workers").notNull().default(0),
    notCovered: integer("not_covered").notNull().default(0),
    due: integer("due").notNull().default(0),
    overdue: integer("overdue").notNull().default(0),
    compliant: integer("compliant").notNull().default(0),
    expiring: integer("expiring").notNull().default(0),
    expired: integer("expired").notNull().default(0),
    /** Current covered workers with any counting completion. */
    trained: integer("trained").notNull().default(0),
    former: integer("former").notNull().default(0),
  },
);

/** Per employer and month: the counts at the month's end (the current month: as of the last daily run). */
export const employerMonthly = sqliteTable(
  "employer_monthly",
  {
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    /** YYYY-MM */
    month: text("month").notNull(),
    workers: integer("workers").notNull(),
    covered: integer("covered").notNull(),
    compliant: integer("compliant").notNull(),
    overdue: integer("overdue").notNull(),
  },
  (t) => [primaryKey({ columns: [t.employerId, t.month] }), index("employer_monthly_month_idx").on(t.month)],
);

/** Per jurisdiction, sector and month: the sums of employer_monthly, so a state's trend reads 48 rows, not 120,000. */
export const jurisdictionMonthly = sqliteTable(
  "jurisdiction_monthly",
  {
    jurisdiction: text("jurisdiction").notNull(),
    sector: text("sector").notNull(),
    month: text("month").notNull(),
    employers: integer("employers").notNull(),
    workers: integer("workers").notNull(),
    covered: integer("covered").notNull(),
    compliant: integer("compliant").notNull(),
    overdue: integer("overdue").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.sector, t.month] })],
);

/**
 * A training completion the employer recorded from a course outside this platform (a state's
 * own course, an approved provider's), with the proof it kept. Counts for the roster row's
 * status under the employer's rule; voided rather than deleted, so the record stays.
 */
export const externalCompletions = sqliteTable(
  "external_completions",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    employmentId: text("employment_id")
      .notNull()
      .references(() => employments.id),
    provider: text("provider").notNull(),
    courseTitle: text("course_title").notNull(),
    /** ISO date the worker completed it. */
    completedOn: text("completed_on").notNull(),
    /** The approval the course holds under the rule (e.g. the state's approval number), when any. */
    approvalReference: text("approval_reference"),
    /** The rule it was recorded against, and that rule's version. */
    ruleId: text("rule_id").notNull(),
    ruleVersion: text("rule_version").notNull(),
    proof: blob("proof", { mode: "buffer" }).notNull(),
    proofSha256: text("proof_sha256").notNull(),
    /** application/pdf, image/png or image/jpeg (checked by the file's first bytes). */
    proofType: text("proof_type").notNull(),
    proofName: text("proof_name").notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: ms("recorded_at").notNull(),
    voidedAt: ms("voided_at"),
    voidedBy: text("voided_by").references(() => users.id),
    voidedReason: text("voided_reason"),
  },
  (t) => [index("external_completions_employment_idx").on(t.employmentId), index("external_completions_employer_idx").on(t.employerId)],
);

/**
 * The employer's attestation that a sign a rule requires is posted at a site (or, with no
 * site, at the employer's place of business). Each attestation is a new row; the newest counts.
 */
export const signPostings = sqliteTable(
  "sign_postings",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    siteId: text("site_id").references(() => sites.id),
    ruleId: text("rule_id").notNull(),
    ruleVersion: text("rule_version").notNull(),
    signId: text("sign_id").notNull(),
    attestedBy: text("attested_by")
      .notNull()
      .references(() => users.id),
    attestedName: text("attested_name").notNull(),
    attestedAt: ms("attested_at").notNull(),
  },
  (t) => [index("sign_postings_employer_idx").on(t.employerId, t.ruleId, t.signId)],
);

// --- Webhooks and the event outbox (issue 18, ADR 033) ---------------------------------------

/**
 * An employer's webhook endpoint. The signing secret must be recoverable to sign (an HMAC
 * needs it), so it is stored encrypted (AES-256-GCM under a key derived from the session
 * secret: app/models/webhooks.server.ts), never in the clear; the admin sees it once.
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    url: text("url").notNull(),
    /** Event types it receives, comma-separated (app/domain/webhooks.ts WEBHOOK_EVENTS). */
    events: text("events").notNull(),
    secretEnc: text("secret_enc").notNull(),
    createdAt: ms("created_at").notNull(),
    createdBy: text("created_by").references(() => users.id),
    secretRotatedAt: ms("secret_rotated_at"),
    /** Removed endpoints are kept (their delivery history stays readable) and receive nothing. */
    disabledAt: ms("disabled_at"),
  },
  (t) => [index("webhook_endpoints_employer_idx").on(t.employerId)],
);

/**
 * One generic outbox for events sent to other systems (webhooks; xAPI statements): written
 * in the same transaction as the change that causes the event, delivered afterwards by the
 * delivery worker (app/server/delivery-worker.server.ts) with retries and backoff. The email
 * outbox (`outbox`) stays as it is: its rows are rendered emails (ADR 033).
 */
export const eventOutbox = sqliteTable(
  "event_outbox",
  {
    id: text("id").primaryKey(),
    /** Where it goes: "webhook" (target = endpoint id) or "xapi" (target = "lrs"). */
    channel: text("channel", { enum: ["webhook", "xapi"] }).notNull(),
    target: text("target").notNull(),
    employerId: text("employer_id").references(() => employers.id),
    /** The event type, e.g. certificate.issued. */
    kind: text("kind").notNull(),
    /** The exact JSON body sent. */
    payload: text("payload").notNull(),
    createdAt: ms("created_at").notNull(),
    /** pending | delivered | dead (gave up after MAX_DELIVERY_ATTEMPTS). */
    status: text("status", { enum: ["pending", "delivered", "dead"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ms("next_attempt_at").notNull(),
    lastError: text("last_error"),
    lastStatusCode: integer("last_status_code"),
    deliveredAt: ms("delivered_at"),
  },
  (t) => [index("event_outbox_due_idx").on(t.status, t.nextAttemptAt), index("event_outbox_target_idx").on(t.channel, t.target, t.createdAt)],
);

/** Row types that several modules share (one home, so models need not import each other for a type). */
export type User = typeof users.$inferSelect;
export type Employer = typeof employers.$inferSelect;
export type Employment = typeof employments.$inferSelect;

/**
 * Open Badges 3.0 (issue 18, ADR 031): each certificate's place in a W3C Bitstring Status List,
 * given the first time its credential is asked for. The revoked bit itself is not stored: it is
 * the certificate's revoked_at (one home), read when the list is built.
 */
export const openBadgeStatus = sqliteTable(
  "open_badge_status",
  {
    certificateId: text("certificate_id")
      .primaryKey()
      .references(() => certificates.id),
    /** The list's number in /credentials/status/<listId>, from 1. */
    listId: integer("list_id").notNull(),
    /** The bit's position in that list (0 is the first bit). */
    statusIndex: integer("status_index").notNull(),
    assignedAt: ms("assigned_at").notNull(),
  },
  (t) => [uniqueIndex("open_badge_status_list_index_uq").on(t.listId, t.statusIndex)],
);

/**
 * Employer API (issue 18, ADR 032): an employer's API tokens. Only the SHA-256 of a token is
 * kept (the token itself is shown once, when it is created), with what it may do, who made it
 * and when it was last used. A revoked token keeps its row (the audit log names it).
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    name: text("name").notNull(),
    /** SHA-256 (hex) of the whole token. */
    tokenHash: text("token_hash").notNull(),
    /** The token's first characters (its prefix and 4 more), so the admin can tell tokens apart. */
    hint: text("hint").notNull(),
    scope: text("scope", { enum: ["read", "read-write"] }).notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: ms("created_at").notNull(),
    lastUsedAt: ms("last_used_at"),
    revokedAt: ms("revoked_at"),
    revokedBy: text("revoked_by").references(() => users.id),
  },
  (t) => [uniqueIndex("api_tokens_hash_idx").on(t.tokenHash), index("api_tokens_employer_idx").on(t.employerId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/**
 * Issue 17 (report cache): the compliance report PDF, stored per report version (ADR 037): the
 * SHA-256 of everything the report shows except its generation time, and the day. A version
 * not asked for again is pruned (a few kept per employer); a changed roster is a new version.
 */
export const reportPdfs = sqliteTable(
  "report_pdfs",
  {
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    version: text("version").notNull(),
    generatedAt: ms("generated_at").notNull(),
    rows: integer("rows").notNull(),
    pdf: blob("pdf", { mode: "buffer" }).notNull(),
    sha256: text("sha256").notNull(),
    usedAt: ms("used_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.employerId, t.version] })],
);

// ---- Single sign-on for staff accounts (issue 18, item 3; ADR 034) ----

/**
 * An organisation's OpenID Connect identity provider: one per employer (its admins) or one per
 * council jurisdiction (its auditors); exactly one of employerId and jurisdiction is set. The
 * client secret is sealed with a key derived from the session secret (app/utils/secret.server.ts).
 * emailDomain routes "Sign in with your organisation" to this provider, and, with matchByEmail,
 * lets a first sign-in link to the staff account with that verified address.
 */
export const ssoConnections = sqliteTable(
  "sso_connections",
  {
    id: text("id").primaryKey(),
    employerId: text("employer_id").references(() => employers.id),
    jurisdiction: text("jurisdiction"),
    issuer: text("issuer").notNull(),
    clientId: text("client_id").notNull(),
    clientSecretSealed: text("client_secret_sealed").notNull(),
    /** Lower-cased, e.g. lakeside-inn.example; unique across connections. */
    emailDomain: text("email_domain").notNull(),
    matchByEmail: integer("match_by_email", { mode: "boolean" }).notNull().default(false),
    /** The organisation's staff may not sign in with a password. */
    required: integer("required", { mode: "boolean" }).notNull().default(false),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("sso_connections_employer_uq").on(t.employerId).where(sql`employer_id IS NOT NULL`),
    uniqueIndex("sso_connections_jurisdiction_uq").on(t.jurisdiction).where(sql`jurisdiction IS NOT NULL`),
    uniqueIndex("sso_connections_domain_uq").on(t.emailDomain),
    check("sso_connections_one_owner", sql`(employer_id IS NULL) <> (jurisdiction IS NULL)`),
  ],
);

/** A staff account's identity at a connection's provider: (issuer, subject) names one account. */
export const ssoLinks = sqliteTable(
  "sso_links",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => ssoConnections.id, { onDelete: "cascade" }),
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), uniqueIndex("sso_links_user_uq").on(t.connectionId, t.userId)],
);

export type SsoConnection = typeof ssoConnections.$inferSelect;

/**
 * Several server processes (ADR 038): the throttles' failures (app/utils/throttle.server.ts),
 * one row per counted failure, so every process sees the same counts. A row matters until
 * `expires_at` (its time plus the throttle's window); expired rows are swept.
 */
export const throttleHits = sqliteTable(
  "throttle_hits",
  {
    throttle: text("throttle").notNull(),
    key: text("key").notNull(),
    at: ms("at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("throttle_hits_key_idx").on(t.throttle, t.key, t.at), index("throttle_hits_expires_idx").on(t.expiresAt)],
);
