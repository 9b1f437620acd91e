import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
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
  },
  (t) => [uniqueIndex("employers_join_code_uq").on(t.joinCode)],
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
  },
  (t) => [uniqueIndex("users_username_uq").on(t.username)],
);

/** A worker's job at an employer. A worker can hold several over time. */
export const employments = sqliteTable(
  "employments",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    employerId: text("employer_id")
      .notNull()
      .references(() => employers.id),
    jobRole: text("job_role").notNull(),
    startedAt: ms("started_at").notNull(),
    endedAt: ms("ended_at"),
  },
  (t) => [
    index("employments_user_idx").on(t.userId),
    index("employments_employer_idx").on(t.employerId),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
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
  },
  (t) => [
    uniqueIndex("certificates_code_uq").on(t.code),
    uniqueIndex("certificates_attempt_uq").on(t.attemptId),
    index("certificates_user_idx").on(t.userId),
    index("certificates_employer_idx").on(t.employerId),
    check("certificates_score_range", sql`${t.score} >= 0 AND ${t.score} <= 100`),
  ],
);
