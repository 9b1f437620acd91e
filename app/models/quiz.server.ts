import { and, desc, eq, sql } from "drizzle-orm";
import { attemptAnswers, employers, employments, quizAttempts, users } from "#db/schema.ts";
import { questionsForRole, versionLabel, type Course, type Question } from "#app/domain/content-schema.ts";
import { checkAnswers, chosenFor, grade, type AnswerProblem, type Answers } from "#app/domain/grading.ts";
import { countSeen, drawHistoryWindow, drawQuestions, type Random } from "#app/domain/question-draw.ts";
import { changeStatuses } from "./status.server.ts";
import { getDb, insertRow, prepared, writeTransaction, type Db } from "#app/utils/db.server.ts";
import { newId } from "#app/utils/ids.server.ts";
import { renewalOpen } from "#app/domain/compliance.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { getCertificateByAttempt, getValidCertificate, issueCertificate, type Certificate } from "./certificate.server.ts";
import { getStatusesOf } from "./compliance.server.ts";
import type { Employment } from "./user.server.ts";
import { quizGraded } from "#app/domain/xapi.ts";
import { enqueueStatements, xapiLearner } from "./xapi.server.ts";

export type Attempt = typeof quizAttempts.$inferSelect;

/**
 * Whether the worker may take the course's quiz now: with no valid certificate, yes; with one,
 * only once the one renewal rule (`renewalOpen`) opens it, from the certificate's end or from
 * the status their employer's law gives their roster row. `/learn` and the quiz page both ask here.
 */
export function quizGate(userId: string, employment: Pick<Employment, "id">, courseId: string, now: Date): { held: Certificate | undefined; open: boolean } {
  const held = getValidCertificate(userId, courseId, now);
  if (!held) return { held, open: true };
  const status = getStatusesOf([employment.id], now).get(employment.id) ?? null;
  return { held, open: renewalOpen(held.expiresOn, toIsoDate(now), status) };
}

/**
 * The query for a worker's open attempt on a course (at most one: quiz_attempts_one_open_uq).
 * `status = 'open'` is written into the SQL, not bound: SQLite uses a partial index only when the
 * query's WHERE implies the index's, which a bound value cannot; with `status = ?` it walked every
 * attempt the worker ever made (quiz_attempts_user_course_idx) to find the open one.
 */
export function openAttemptQuery(d: Db) {
  return d
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, sql.placeholder("userId")), eq(quizAttempts.courseId, sql.placeholder("courseId")), sql`${quizAttempts.status} = 'open'`));
}

/**
 * The questions of a worker's latest graded attempts on a course, newest first, at most
 * `window` (placeholders userId, courseId, window), through quiz_attempts_user_course_idx.
 */
export function gradedQuestionsQuery(d: Db) {
  return d
    .select({ questions: quizAttempts.questions })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, sql.placeholder("userId")), eq(quizAttempts.courseId, sql.placeholder("courseId")), eq(quizAttempts.status, "graded")))
    .orderBy(desc(quizAttempts.createdAt))
    .limit(sql.placeholder("window"));
}

/** The worker's open attempt on the course, if any; prepared once per connection. */
function openAttemptOf(userId: string, courseId: string): Attempt | undefined {
  return prepared(getDb(), "quiz-open-attempt", (d) => openAttemptQuery(d).prepare()).get({ userId, courseId });
}

/**
 * The worker's open attempt for the course, or a new one: the configured number of
 * questions for their role, questions not seen in their latest attempts first
 * (drawHistoryWindow), questions and choices shuffled.
 * Reloading the page shows the same attempt.
 * A draw is not a record: its commit does not wait for an fsync (WriteOptions). Lost in a power
 * cut before the next fully synchronous commit, the worker's next page draws again; the grading
 * of an attempt commits with FULL, and its sync covers the draw's rows before it.
 */
export function getOrStartAttempt(
  userId: string,
  employment: Employment,
  course: Course,
  now: Date,
  random: Random = Math.random,
): Attempt {
  return writeTransaction((tx) => {
    // The open attempt alone, through its index (openAttemptQuery): the cost does not grow with
    // the worker's attempts (ADR 036, night and late addenda).
    const open = openAttemptOf(userId, course.id);
    if (open && open.contentHash === course.contentHash && open.jobRole === employment.jobRole) return open;

    const pool = questionsForRole(course, employment.jobRole);
    // Only a new draw needs the history, and only the latest drawHistoryWindow graded attempts'
    // questions (gradedQuestionsQuery): bounded, however many attempts the worker has made.
    const graded = prepared(getDb(), "quiz-graded-questions", (d) => gradedQuestionsQuery(d).prepare()).all({
      userId,
      courseId: course.id,
      window: drawHistoryWindow(pool.length, course.questionsPerAttempt),
    });
    const seen = countSeen(graded.map((a) => a.questions));
    const drawn = drawQuestions(pool, course.questionsPerAttempt, seen, random, course.blueprint);
    if (open) {
      // The course changed (or the worker's role did) while the attempt sat unanswered:
      // draw it again from the current content.
      const patch = {
        questions: drawn,
        questionCount: drawn.length,
        courseVersion: versionLabel(course),
        contentHash: course.contentHash,
        jobRole: employment.jobRole,
        employmentId: employment.id,
      };
      tx.update(quizAttempts).set(patch).where(eq(quizAttempts.id, open.id)).run();
      return { ...open, ...patch };
    }
    const row: Attempt = {
      id: newId(),
      userId,
      employmentId: employment.id,
      courseId: course.id,
      courseVersion: versionLabel(course),
      contentHash: course.contentHash,
      jobRole: employment.jobRole,
      questions: drawn,
      status: "open",
      createdAt: now.getTime(),
      gradedAt: null,
      attestedAt: null,
      correctCount: null,
      questionCount: drawn.length,
      score: null,
      passed: null,
      language: "en",
    };
    // Every draw inserts one: prepared once, not built each time (ADR 036, 2026-12-08 evening).
    insertRow(getDb(), "quiz-insert-attempt", quizAttempts, row);
    return row;
  }, { synchronous: "NORMAL" });
}

export function getAttemptForUser(attemptId: string, userId: string) {
  const attempt = getDb()
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, userId)))
    .get();
  if (!attempt) return undefined;
  const answers = getDb().select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)).all();
  return { attempt, answers };
}

/**
 * Which questions a quiz page showed, in order: sent back with the answers (the `draw` field),
 * so a submission for questions the attempt no longer holds (drawn again because the course or
 * the worker's job changed while the page was open) is told apart from a bad form.
 */
export function drawKey(questions: { questionId: string }[]): string {
  return questions.map((q) => q.questionId).join(" ");
}

/** A problem with a submission; `number` (1-based, in the attempt's order) names the question. */
export type SubmitProblem = AnswerProblem & { number?: number };

export type SubmitResult =
  | { kind: "graded"; attempt: Attempt; passed: boolean; certificate: Certificate | undefined }
  /** The same answers to an attempt already graded (a double click, a resent form): its outcome again. */
  | { kind: "duplicate"; attemptId: string; certificate: Certificate | undefined }
  /** Other answers to an attempt already graded (a page left open in another tab). */
  | { kind: "already-graded"; attemptId: string }
  /** The page showed other questions than the attempt now holds: nothing was written. */
  | { kind: "stale-draw" }
  | { kind: "no-attempt" }
  | { kind: "invalid"; problems: SubmitProblem[] };

function sameAnswers(attempt: Attempt, recorded: { questionId: string; choiceIds: string[] }[], answers: Answers): boolean {
  const inAttempt = new Set(attempt.questions.map((q) => q.questionId));
  if (Object.keys(answers).some((id) => !inAttempt.has(id))) return false;
  const byQuestion = new Map(recorded.map((r) => [r.questionId, [...r.choiceIds].sort().join(" ")]));
  return attempt.questions.every((q) => [...new Set(chosenFor(answers, q.questionId) ?? [])].sort().join(" ") === (byQuestion.get(q.questionId) ?? ""));
}

/**
 * Grades an attempt, records the answers and, on a pass, issues the certificate — all in
 * one IMMEDIATE transaction. A second submission of the same attempt (a double click, a
 * stale page, a concurrent request) finds it graded and changes nothing: with the same answers
 * it gets the first one's outcome (`duplicate`), with others `already-graded`. A page whose
 * `draw` differs from the attempt's questions gets `stale-draw`. Every problem of a form
 * (each question's and the missing attestation, `attested: false`) is reported at once.
 */
export function submitAttempt(
  input: {
    userId: string;
    course: Course;
    attemptId: string | undefined;
    answers: Answers;
    language?: "en" | "es";
    clientAddress?: string;
    /** The attestation box; callers other than the quiz page (seed, tests) attest implicitly. */
    attested?: boolean;
    /** The page's `drawKey`, when it sent one. */
    draw?: string;
  },
  now: Date,
): SubmitResult {
  const { userId, course, answers } = input;
  const language = input.language ?? "en";
  return changeStatuses(now, (tx) => {
    // The statements of a submission are prepared once per connection (`prepared`): building
    // and preparing them was most of the action's own time (ADR 037, evening addendum).
    const attempt = input.attemptId
      ? prepared(getDb(), "quiz-attempt-by-id", (d) =>
          d
            .select()
            .from(quizAttempts)
            .where(and(eq(quizAttempts.id, sql.placeholder("id")), eq(quizAttempts.userId, sql.placeholder("userId")), eq(quizAttempts.courseId, sql.placeholder("courseId"))))
            .prepare(),
        ).get({ id: input.attemptId, userId, courseId: course.id })
      : openAttemptOf(userId, course.id);
    if (!attempt) return { kind: "no-attempt" };
    if (attempt.status === "graded") {
      const recorded = tx.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id)).all();
      if (sameAnswers(attempt, recorded, answers)) {
        return { kind: "duplicate", attemptId: attempt.id, certificate: getCertificateByAttempt(attempt.id, tx) };
      }
      return { kind: "already-graded", attemptId: attempt.id };
    }

    const byId = new Map<string, Question>(course.questions.map((q) => [q.id, q]));
    const questions = attempt.questions.map((aq) => byId.get(aq.questionId));
    // The page showed other questions (drawn again since), or the course changed under the
    // open attempt (the next visit draws it again): the answers are for another quiz.
    if ((input.draw !== undefined && input.draw !== drawKey(attempt.questions)) || questions.some((q) => !q)) {
      return { kind: "stale-draw" };
    }
    const order = new Map(attempt.questions.map((q, i) => [`q.${q.questionId}`, i + 1]));
    const problems: SubmitProblem[] = checkAnswers(attempt.questions, byId, answers)
      .map((p): SubmitProblem => (order.has(p.field) ? { ...p, number: order.get(p.field)! } : p))
      // In the order the page shows them; answers naming no question of the attempt first.
      .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    if (input.attested === false) problems.push({ field: "attest", message: "worker:quiz.errors.attest" });
    if (problems.length > 0) return { kind: "invalid", problems };

    const result = grade(questions as Question[], answers, course.passMark);
    const graded: Attempt = {
      ...attempt,
      status: "graded",
      gradedAt: now.getTime(),
      attestedAt: now.getTime(),
      correctCount: result.correctCount,
      score: result.score,
      passed: result.passed,
      language,
    };
    prepared(getDb(), "quiz-grade-attempt", (d) =>
      d
        .update(quizAttempts)
        // drizzle types no placeholder in set(): each goes in as SQL (bound as given, so
        // `passed` is bound as 0/1, the column's storage of a boolean).
        .set({
          language: sql`${sql.placeholder("language")}`,
          status: "graded",
          gradedAt: sql`${sql.placeholder("gradedAt")}`,
          attestedAt: sql`${sql.placeholder("attestedAt")}`,
          correctCount: sql`${sql.placeholder("correctCount")}`,
          score: sql`${sql.placeholder("score")}`,
          passed: sql`${sql.placeholder("passed")}`,
        })
        .where(and(eq(quizAttempts.id, sql.placeholder("id")), eq(quizAttempts.status, "open")))
        .prepare(),
    ).run({
      id: attempt.id,
      language,
      gradedAt: graded.gradedAt,
      attestedAt: graded.attestedAt,
      correctCount: graded.correctCount,
      score: graded.score,
      passed: graded.passed ? 1 : 0,
    });
    const insertAnswer = prepared(getDb(), "quiz-insert-answer", (d) =>
      d
        .insert(attemptAnswers)
        .values({ attemptId: sql.placeholder("attemptId"), questionId: sql.placeholder("questionId"), choiceIds: sql.placeholder("choiceIds"), correct: sql.placeholder("correct") })
        .prepare(),
    );
    for (const g of result.questions) insertAnswer.run({ attemptId: attempt.id, questionId: g.questionId, choiceIds: g.chosen, correct: g.correct });

    let certificate: Certificate | undefined;
    if (result.passed) {
      const ctx = tx
        .select({ employment: employments, employer: employers, user: users })
        .from(employments)
        .innerJoin(employers, eq(employers.id, employments.employerId))
        .innerJoin(users, eq(users.id, employments.userId))
        .where(eq(employments.id, attempt.employmentId))
        .get()!;
      certificate = issueCertificate(
        tx,
        { attemptId: attempt.id, user: ctx.user, employment: ctx.employment, employer: ctx.employer, course, score: result.score, attestedAt: now, language, clientAddress: input.clientAddress },
        now,
      );
    }
    enqueueStatements(
      tx,
      null,
      (origin) => [quizGraded({ origin, actor: xapiLearner(userId), courseId: course.id, courseTitle: course.title, attemptId: attempt.id, passed: result.passed, score: result.score, at: now })],
      now,
    );
    return { kind: "graded", attempt: graded, passed: result.passed, certificate };
  });
}

