import { beforeAll, describe, expect, it } from "vitest";
import * as quiz from "#app/routes/learn.$courseId.quiz.tsx";
import * as attemptRoute from "#app/routes/learn.$courseId.attempts.$attemptId.tsx";
import { getCourse } from "#app/server/content.server.ts";
import { questionsForRole } from "#app/domain/content-schema.ts";
import { call, completeAllModules, countRows, joinAsWorker, post, snapshotCounts, startTestApp } from "#tests/support/harness.ts";
import { seeded } from "#tests/support/random.ts";

const COURSE = "recognize-and-respond";
const params = { courseId: COURSE };

beforeAll(async () => {
  await startTestApp();
});

type QuizData = {
  quiz: { attemptId: string; draw: string; questions: { id: string; multiple: boolean; choices: { id: string; text: string }[] }[] } | null;
  held: string | null;
};

async function openQuiz(cookie: string) {
  const res = await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params });
  expect(res.status).toBe(200);
  return (res.data as QuizData).quiz!;
}

function answers(q: NonNullable<QuizData["quiz"]>, right: boolean, wrongCount = 0) {
  const course = getCourse(COURSE)!;
  const byId = new Map(course.questions.map((x) => [x.id, x]));
  const form: Record<string, string[]> = {};
  q.questions.forEach((item, i) => {
    const question = byId.get(item.id)!;
    const correct = question.choices.filter((c) => c.correct).map((c) => c.id);
    const wrong = question.choices.filter((c) => !c.correct).map((c) => c.id);
    form[`q.${item.id}`] = right && i >= wrongCount ? correct : [wrong[0]!];
  });
  return form;
}

describe("quiz", () => {
  it("stays closed until every module of the role is complete", async () => {
    const cookie = await joinAsWorker({ username: "quiz-closed", role: "housekeeping" });
    const res = await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params });
    expect(res.status).toBe(403);
    const before = await snapshotCounts();
    const act = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attest: "on" } });
    expect(act.status).toBe(403);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("draws the configured number of questions for the role, shuffled, without revealing answers", async () => {
    const cookie = await joinAsWorker({ username: "quiz-draw", role: "transit-operator", joinCode: "METRO-TRANSIT" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const course = getCourse(COURSE)!;
    expect(q.questions).toHaveLength(course.questionsPerAttempt);
    expect(new Set(q.questions.map((x) => x.id)).size).toBe(course.questionsPerAttempt);
    const byId = new Map(course.questions.map((x) => [x.id, x]));
    for (const item of q.questions) {
      const question = byId.get(item.id)!;
      expect(!question.roles || question.roles.includes("transit-operator")).toBe(true);
    }
    // Only ids and texts reach the page.
    const json = JSON.stringify(q);
    expect(json).not.toMatch(/"correct"\s*:/);
    expect(json).not.toMatch(/"explanation"\s*:/);
    for (const item of q.questions) for (const c of item.choices) expect(Object.keys(c).sort()).toEqual(["id", "text"]);
    // Reloading shows the same attempt.
    expect((await openQuiz(cookie)).attemptId).toBe(q.attemptId);
  });

  it("requires the attestation: without it → 400 and nothing written", async () => {
    const cookie = await joinAsWorker({ username: "quiz-attest", role: "front-desk" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const before = await snapshotCounts();
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: q.attemptId, ...answers(q, true) } });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string> }).errors.attest).toBeTruthy();
    expect(await snapshotCounts()).toEqual(before);
  });

  it.each([
    ["a question that is not in the attempt", (f: Record<string, string[]>) => ({ ...f, "q.not-a-question": ["a"] })],
    ["a choice that is not in the question", (f: Record<string, string[]>) => ({ ...f, [Object.keys(f)[0]!]: ["zz"] })],
    ["a missing answer", (f: Record<string, string[]>) => Object.fromEntries(Object.entries(f).slice(1))],
    ["two answers to a single-answer question", (f: Record<string, string[]>) => f],
    // Field names that are also the names of every object's own properties.
    ["a field named q.__proto__", (f: Record<string, string[]>) => ({ ...f, "q.__proto__": ["a"] })],
    ["a field named q.constructor", (f: Record<string, string[]>) => ({ ...f, "q.constructor": ["a"] })],
    ["a field named q.toString", (f: Record<string, string[]>) => ({ ...f, "q.toString": ["a"] })],
    ["a field named q.hasOwnProperty", (f: Record<string, string[]>) => ({ ...f, "q.hasOwnProperty": ["a", "b"] })],
  ])("rejects %s with 400 and writes nothing", async (label, mutate) => {
    const cookie = await joinAsWorker({ username: `quiz-bad-${label.length}-${label.slice(2, 8).replace(/\W/g, "")}`, role: "security" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    let form = mutate(answers(q, true));
    if (label.startsWith("two answers")) {
      const single = q.questions.find((x) => !x.multiple)!;
      form = { ...form, [`q.${single.id}`]: single.choices.slice(0, 2).map((c) => c.id) };
    }
    const before = await snapshotCounts();
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { ...form, attempt: q.attemptId, attest: "on" } });
    expect(res.status).toBe(400);
    expect(await snapshotCounts()).toEqual(before);
  });

  it("fails with too many wrong answers: result page with explanations, no certificate, a new attempt prefers unseen questions", async () => {
    const cookie = await joinAsWorker({ username: "quiz-fail", role: "housekeeping" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const certsBefore = await countRows("certificates");
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, {
      cookie,
      params,
      form: { attempt: q.attemptId, attest: "on", ...answers(q, true, 3) },
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe(`/learn/${COURSE}/attempts/${q.attemptId}`);
    expect(await countRows("certificates")).toBe(certsBefore);

    const result = await call(attemptRoute.loader, res.location!, { cookie, params: { courseId: COURSE, attemptId: q.attemptId } });
    const d = result.data as { passed: boolean; correct: number; total: number; questions: { explanation: string; correct: boolean }[] };
    expect(d.passed).toBe(false);
    expect(d.correct).toBe(7);
    expect(d.questions.every((x) => x.explanation.length > 0)).toBe(true);
    expect(d.questions.filter((x) => !x.correct)).toHaveLength(3);

    const next = await openQuiz(cookie);
    expect(next.attemptId).not.toBe(q.attemptId);
    const pool = questionsForRole(getCourse(COURSE)!, "housekeeping").length;
    const overlap = next.questions.filter((x) => q.questions.some((y) => y.id === x.id)).length;
    expect(overlap).toBe(Math.max(0, 2 * q.questions.length - pool));
  });

  it("a new draw counts what the worker saw in their latest graded attempts (drawHistoryWindow of them), not in every attempt ever", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const { now } = await import("#app/utils/clock.server.ts");
    const { getOrStartAttempt } = await import("#app/models/quiz.server.ts");
    const { countSeen, drawHistoryWindow, drawQuestions } = await import("#app/domain/question-draw.ts");
    const raw = getDb().$client;
    const cookie = await joinAsWorker({ username: "quiz-window", role: "housekeeping" });
    await completeAllModules(cookie);
    const first = await openQuiz(cookie);
    const { user_id: userId, employment_id: employmentId } = raw.prepare("SELECT user_id, employment_id FROM quiz_attempts WHERE id = ?").get(first.attemptId) as { user_id: string; employment_id: string };
    raw.prepare("DELETE FROM quiz_attempts WHERE id = ?").run(first.attemptId);
    const course = getCourse(COURSE)!;
    const pool = questionsForRole(course, "housekeeping");
    const window = drawHistoryWindow(pool.length, course.questionsPerAttempt);
    // Long ago, a set that meets the blueprint was shown over and over; lately, every other question.
    const old = drawQuestions(pool, course.questionsPerAttempt, new Map(), seeded(1), course.blueprint);
    const lately = pool.filter((q) => !old.some((o) => o.questionId === q.id)).map((q) => ({ questionId: q.id, choiceIds: q.choices.map((c) => c.id) }));
    const insert = raw.prepare(
      "INSERT INTO quiz_attempts (id, user_id, employment_id, course_id, course_version, content_hash, job_role, questions, status, created_at, graded_at, correct_count, question_count, score, passed) VALUES (?, ?, ?, ?, 'v', ?, 'housekeeping', ?, 'graded', ?, ?, 0, ?, 0, 0)",
    );
    const t = now().getTime() - 86_400_000;
    for (let i = 0; i < 3 * window; i++) insert.run(`window-old-${i}`, userId, employmentId, COURSE, course.contentHash, JSON.stringify(old), t - 1_000_000 + i, t, old.length);
    for (let i = 0; i < window; i++) insert.run(`window-new-${i}`, userId, employmentId, COURSE, course.contentHash, JSON.stringify(lately), t + i, t, lately.length);
    const employment = { ...(raw.prepare("SELECT * FROM employments WHERE id = ?").get(employmentId) as object), id: employmentId, userId, jobRole: "housekeeping" } as never;

    const drawn = getOrStartAttempt(userId, employment, course, now(), seeded(7)).questions.map((q) => q.questionId);
    const expected = drawQuestions(pool, course.questionsPerAttempt, countSeen(Array.from({ length: window }, () => lately)), seeded(7), course.blueprint).map((q) => q.questionId);
    const everything = drawQuestions(pool, course.questionsPerAttempt, countSeen([...Array.from({ length: 3 * window }, () => old), ...Array.from({ length: window }, () => lately)]), seeded(7), course.blueprint).map((q) => q.questionId);
    expect(drawn).toEqual(expected);
    // What was shown long ago and not lately comes back first: counting every attempt would not draw it.
    expect(drawn.filter((id) => old.some((o) => o.questionId === id)).length).toBeGreaterThan(everything.filter((id) => old.some((o) => o.questionId === id)).length);
  });

  it("finds the open attempt through the one-open-attempt index and the latest graded ones newest first, neither walking the worker's whole history", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const { openAttemptQuery, gradedQuestionsQuery } = await import("#app/models/quiz.server.ts");
    const plan = (query: { toSQL(): { sql: string; params: unknown[] } }) => {
      const { sql, params } = query.toSQL();
      return (getDb().$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params.map(() => null)) as { detail: string }[]).map((r) => r.detail).join("; ");
    };
    expect(plan(openAttemptQuery(getDb()))).toMatch(/USING INDEX quiz_attempts_one_open_uq \(user_id=\? AND course_id=\?\)/);
    const graded = plan(gradedQuestionsQuery(getDb()));
    expect(graded).toMatch(/USING INDEX quiz_attempts_user_course_idx \(user_id=\? AND course_id=\?\)/);
    expect(graded).not.toMatch(/TEMP B-TREE/);
  });

  it("stores what it graded, column by column (the submission's statements are prepared once per connection)", async () => {
    const { getDb } = await import("#app/utils/db.server.ts");
    const raw = getDb().$client;
    for (const [username, wrongCount] of [["quiz-rows-fail", 4], ["quiz-rows-pass", 0]] as const) {
      const cookie = await joinAsWorker({ username, role: "housekeeping" });
      await completeAllModules(cookie);
      const q = await openQuiz(cookie);
      const form = answers(q, true, wrongCount);
      const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: q.attemptId, attest: "on", ...form } });
      expect(res.status).toBe(302);
      const row = raw.prepare("SELECT status, graded_at, attested_at, correct_count, question_count, score, passed, language FROM quiz_attempts WHERE id = ?").get(q.attemptId) as Record<string, unknown>;
      const total = q.questions.length;
      expect(row).toMatchObject({ status: "graded", correct_count: total - wrongCount, question_count: total, passed: wrongCount === 0 ? 1 : 0, language: "en" });
      expect(row.graded_at).toBeTypeOf("number");
      expect(row.attested_at).toBe(row.graded_at);
      expect(row.score).toBe(Math.round((1000 * (total - wrongCount)) / total) / 10);
      const stored = raw.prepare("SELECT question_id, choice_ids, correct FROM attempt_answers WHERE attempt_id = ? ORDER BY question_id").all(q.attemptId) as { question_id: string; choice_ids: string; correct: number }[];
      expect(stored.map((a) => a.question_id)).toEqual(q.questions.map((x) => x.id).sort());
      for (const a of stored) expect(JSON.parse(a.choice_ids)).toEqual(form[`q.${a.question_id}`]);
      expect(stored.filter((a) => a.correct === 1)).toHaveLength(total - wrongCount);
      expect(stored.every((a) => a.correct === 0 || a.correct === 1)).toBe(true);
    }
  });

  it("passes: issues one certificate and redirects to it; the same form again gets the same answer, other answers → 409 with a link to the result", async () => {
    const cookie = await joinAsWorker({ username: "quiz-pass", role: "maintenance", name: "Łukasz Ștefănescu" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const form = { attempt: q.attemptId, attest: "on", ...answers(q, true) };
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/certificates\/[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}-[2-9A-HJKMNP-TV-Z]{5}$/);

    const before = await snapshotCounts();
    // A double submit (the same form again): answered with the first one's outcome, nothing written.
    const again = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { ...form, draw: q.draw } });
    expect(again.status).toBe(302);
    expect(again.location).toBe(res.location);
    expect(await snapshotCounts()).toEqual(before);
    // Other answers to the graded attempt (a page left open elsewhere): 409 with a link to its result.
    const other = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { ...form, ...answers(q, false) } });
    expect(other.status).toBe(409);
    expect((other.data as { link: { href: string } }).link.href).toBe(`/learn/${COURSE}/attempts/${q.attemptId}`);
    expect(await snapshotCounts()).toEqual(before);

    // Holding a valid certificate, the quiz page says so instead of opening a new attempt.
    const page = await call(quiz.loader, `/learn/${COURSE}/quiz`, { cookie, params });
    expect((page.data as QuizData).held).toBe(res.location!.split("/").at(-1));
  });

  it("records one graded attempt and one certificate when the same quiz is submitted twice at once", async () => {
    const cookie = await joinAsWorker({ username: "quiz-race", role: "food-beverage" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const form = { attempt: q.attemptId, attest: "on", ...answers(q, true) };
    const certsBefore = await countRows("certificates");
    const results = await Promise.all([1, 2, 3].map(() => post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form })));
    // Each gets the one outcome: the certificate.
    expect(results.map((r) => r.status)).toEqual([302, 302, 302]);
    expect(new Set(results.map((r) => r.location)).size).toBe(1);
    expect(await countRows("certificates")).toBe(certsBefore + 1);
    const { getDb } = await import("#app/utils/db.server.ts");
    const answersRows = getDb().$client.prepare("SELECT count(*) AS n FROM attempt_answers WHERE attempt_id = ?").get(q.attemptId) as { n: number };
    expect(answersRows.n).toBe(q.questions.length);
  });

  it("uses the open attempt when a script posts without the attempt field", async () => {
    const cookie = await joinAsWorker({ username: "quiz-script", role: "station-agent", joinCode: "METRO-TRANSIT" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attest: "on", ...answers(q, true) } });
    expect(res.status).toBe(302);
    expect(res.location).toMatch(/^\/certificates\//);
  });

  it("reports every problem at once, each naming its question, and keeps the answers and the attestation", async () => {
    const cookie = await joinAsWorker({ username: "quiz-summary", role: "housekeeping" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const before = await snapshotCounts();
    // An empty submit: every question and the attestation.
    const empty = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: q.attemptId, draw: q.draw } });
    expect(empty.status).toBe(400);
    const emptyErrors = (empty.data as { errors: Record<string, string> }).errors;
    expect(Object.keys(emptyErrors)).toEqual([...q.questions.map((x) => `q.${x.id}`), "attest"]);
    q.questions.forEach((x, i) => expect(emptyErrors[`q.${x.id}`]).toBe(`Question ${i + 1}: choose an answer.`));
    // Three blanks, attested: three messages, each with its number; the answers given and the box come back.
    const full = answers(q, true);
    const blanks = [1, 4, 7].map((i) => q.questions[i]!.id);
    for (const id of blanks) delete full[`q.${id}`];
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: q.attemptId, draw: q.draw, attest: "on", ...full } });
    expect(res.status).toBe(400);
    const d = res.data as { errors: Record<string, string>; selected: Record<string, string[]>; attested: boolean };
    expect(Object.values(d.errors)).toEqual(["Question 2: choose an answer.", "Question 5: choose an answer.", "Question 8: choose an answer."]);
    expect(d.attested).toBe(true);
    expect(Object.keys(d.selected).sort()).toEqual(q.questions.map((x) => x.id).filter((id) => !blanks.includes(id)).sort());
    expect(await snapshotCounts()).toEqual(before);
  });

  it("in Spanish, names the question in Spanish", async () => {
    const cookie = await joinAsWorker({ username: "quiz-summary-es", role: "front-desk" });
    await completeAllModules(cookie);
    const { action: chooseLanguage } = await import("#app/routes/language.tsx");
    await post(chooseLanguage, "/language", { form: { lang: "es", redirectTo: "/learn" }, cookie });
    const q = await openQuiz(cookie);
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: q.attemptId, draw: q.draw } });
    expect(res.status).toBe(400);
    const errors = (res.data as { errors: Record<string, string> }).errors;
    expect(errors[`q.${q.questions[2]!.id}`]).toBe("Pregunta 3: elija una respuesta.");
    expect(errors.attest).toMatch(/^Marque la casilla/);
  });

  it("a page whose questions were drawn again (the job changed) → 409 with a link to a fresh quiz, nothing written", async () => {
    const cookie = await joinAsWorker({ username: "quiz-stale-draw", role: "maintenance" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    // The attempt is drawn again while the page is open (as the loader does when the course or the job changed).
    const { getDb } = await import("#app/utils/db.server.ts");
    const db = getDb().$client;
    const row = db.prepare("SELECT questions FROM quiz_attempts WHERE id = ?").get(q.attemptId) as { questions: string };
    const redrawn = (JSON.parse(row.questions) as { questionId: string; choiceIds: string[] }[]).reverse();
    db.prepare("UPDATE quiz_attempts SET questions = ? WHERE id = ?").run(JSON.stringify(redrawn), q.attemptId);
    const before = await snapshotCounts();
    const res = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: q.attemptId, draw: q.draw, attest: "on", ...answers(q, true) } });
    expect(res.status).toBe(409);
    const body = res.data as { message: string; link: { href: string } };
    expect(body.message).toMatch(/questions of this quiz changed/);
    expect(body.link.href).toBe(`/learn/${COURSE}/quiz`);
    expect(await snapshotCounts()).toEqual(before);
    const status = db.prepare("SELECT status FROM quiz_attempts WHERE id = ?").get(q.attemptId) as { status: string };
    expect(status.status).toBe("open");
    // The fresh quiz shows the attempt's current questions, and its form is graded.
    const fresh = await openQuiz(cookie);
    expect(fresh.draw).not.toBe(q.draw);
    const ok = await post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form: { attempt: fresh.attemptId, draw: fresh.draw, attest: "on", ...answers(fresh, true) } });
    expect(ok.status).toBe(302);
  });

  it("a double submit after a failed attempt answers with the first one's result", async () => {
    const cookie = await joinAsWorker({ username: "quiz-double-fail", role: "housekeeping" });
    await completeAllModules(cookie);
    const q = await openQuiz(cookie);
    const form = { attempt: q.attemptId, draw: q.draw, attest: "on", ...answers(q, true, 5) };
    const [first, second] = await Promise.all([1, 2].map(() => post(quiz.action, `/learn/${COURSE}/quiz`, { cookie, params, form })));
    expect(first!.status).toBe(302);
    expect(second!.status).toBe(302);
    expect(second!.location).toBe(`/learn/${COURSE}/attempts/${q.attemptId}`);
    expect(first!.location).toBe(second!.location);
  });
});
