/**
 * npm run bench:quiz [-- --seconds 8 --clients 8]
 * Quiz submissions end to end (HTTP POST through the production server: parsed, graded,
 * recorded with its answers, audited, counters moved; synchronous=FULL) per second from
 * several clients, against the ceiling of raw SQLite for the same writes in the same run
 * (the same statements in one transaction each, same pragmas, no HTTP, no app).
 * Each client opens its quiz (a GET that draws an attempt and renders the page) and submits it,
 * in its own loop; the rate counts the time spent in POSTs (the goal's figure). A second part
 * goes in rounds — every client opens its quiz, then all submit at once — to read the server's
 * CPU time per submission from /proc with no page render in the window: the figure other work
 * on a shared machine disturbs least. Both parts come after a warm-up to a steady state (the
 * clients' loop in 3-s windows until three in a row agree on the server's CPU per quiz within 5 %).
 * A third line runs the baseline's transactions each after a 1-ms wait, as the app's commits
 * follow waits for the network: context for the ratio, not its baseline.
 * The baseline does exactly the action's statements (traced; see below) and the bench stops
 * if the rows it writes per submission differ from the app's, table by table.
 * Goals (issue 17, ADR 037): ≥ 20 % of the raw baseline; submission p99 ≤ 50 ms.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import YAML from "yaml";
import { cpuMsOf, ms, percentile, saveResults, table, untilSteady } from "./results.ts";
import { startServer } from "#tests/support/server.ts";
import { prepareTrainedWorkers } from "#tests/support/trained-workers.ts";

const arg = (name: string, d: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || d;
const SECONDS = arg("seconds", 8);
const CLIENTS = arg("clients", 8);
if (!fs.existsSync("build/server/index.js")) {
  console.error("No build: run `npm run build` first.");
  process.exit(1);
}
const quiz = YAML.parse(fs.readFileSync("content/courses/recognize-and-respond/quiz.yaml", "utf8")) as { questions: { id: string; choices: { id: string; correct?: boolean }[] }[] };
const wrong = new Map(quiz.questions.map((q) => [q.id, q.choices.find((c) => !c.correct)!.id]));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-bench-quiz-"));
const dbPath = path.join(dir, "bench.db");
const courseId = await prepareTrainedWorkers(dbPath, { count: CLIENTS, prefix: "Bench", password: "bench passphrase ok", joinCode: "BENCH-INN" });
const { openDatabase, applyMigrations } = await import("#app/utils/db.server.ts");

const { default: DatabaseForCounts } = await import("better-sqlite3");
const countTables = (file: string) => {
  const d = new DatabaseForCounts(file, { readonly: true });
  const names = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as { name: string }[]).map((r) => r.name);
  const counts = Object.fromEntries(names.map((n) => [n, (d.prepare(`SELECT count(*) AS n FROM "${n}"`).get() as { n: number }).n]));
  d.close();
  return counts;
};

// The raw baseline: exactly the statements of the action's transaction for this submission (a
// failed attempt, as the clients answer), traced from the route's action: BEGIN IMMEDIATE (as
// writeTransaction), the status_dirty count, the attempt read, the grading UPDATE, one INSERT of
// the 10 answers, settleStatuses' read of status_dirty, the count again, COMMIT. A failed attempt
// issues no certificate and writes no audit row; a passed one would add the certificate, its
// audit row and the status recomputation (not measured here: a worker holding a certificate is
// not offered the quiz again). Same schema (migrations, triggers) and pragmas (openDatabase:
// WAL, synchronous=FULL). The open attempts it grades are made before the clock starts, as the
// app's are made by the GET before each POST.
const raw = openDatabase(path.join(dir, "raw.db"));
applyMigrations(raw);
const c = raw.$client;
c.exec(`INSERT INTO employers (id, name, sector, jurisdiction, join_code, created_at) VALUES ('e','E','lodging','US-TX','J',0);`);
// Open attempts are made before each baseline window, outside its clock, for more submissions
// than a window can do (~5,000 a second on these machines), and the unused ones deleted after
// it: the database stays the size the submissions make it, as the app's does.
const RAW_POOL = 14_000;
const questionsJson = JSON.stringify(Array.from({ length: 10 }, (_, q) => ({ questionId: `q${q}`, choiceOrder: ["a", "b", "c"] })));
// One worker per submission (a worker has one open attempt at a time), as the app's clients are
// workers with an open attempt each; their accounts and rows are not counted (the app's existed before).
const insUser = c.prepare("INSERT INTO users (id, username, name, password_hash, kind, created_at) VALUES (?, ?, 'U', 'x', 'worker', 0)");
const insEmployment = c.prepare("INSERT INTO employments (id, user_id, employer_id, full_name, job_role, hire_date, started_at) VALUES (?, ?, 'e', 'U', 'housekeeping', '2026-01-01', 0)");
const insAttempt = c.prepare(
  `INSERT INTO quiz_attempts (id, user_id, employment_id, course_id, course_version, content_hash, job_role, questions, status, created_at, question_count) VALUES (?, ?, ?, 'c', 'v', 'h', 'housekeeping', ?, 'open', 0, 10)`,
);
c.transaction(() => {
  for (let i = 0; i < RAW_POOL; i++) {
    insUser.run(`u${i}`, `u${i}`);
    insEmployment.run(`j${i}`, `u${i}`);
  }
  c.exec("DELETE FROM status_dirty");
})();
const beforeRawAttempts = countTables(path.join(dir, "raw.db"));
let madeAttempts = 0;
/** The pool's open attempts (attempt id, user id) not yet graded. */
let pool: [string, string][] = [];
const fillPool = c.transaction(() => {
  pool = [];
  for (let i = 0; i < RAW_POOL; i++) {
    const id = `a${madeAttempts++}`;
    insAttempt.run(id, `u${i}`, `j${i}`, questionsJson);
    pool.push([id, `u${i}`]);
  }
});
const deleteOpen = c.prepare("DELETE FROM quiz_attempts WHERE status = 'open'");
const dirtyCount = c.prepare("SELECT count(*) AS n FROM status_dirty");
const readAttempt = c.prepare(
  `select "id", "user_id", "employment_id", "course_id", "course_version", "content_hash", "job_role", "questions", "status", "created_at", "graded_at", "attested_at", "correct_count", "question_count", "score", "passed", "language" from "quiz_attempts" where ("quiz_attempts"."id" = ? and "quiz_attempts"."user_id" = ? and "quiz_attempts"."course_id" = ?)`,
);
const grade = c.prepare(
  `update "quiz_attempts" set "status" = ?, "graded_at" = ?, "attested_at" = ?, "correct_count" = ?, "score" = ?, "passed" = ?, "language" = ? where ("quiz_attempts"."id" = ? and "quiz_attempts"."status" = ?)`,
);
const answer = c.prepare(`insert into "attempt_answers" ("attempt_id", "question_id", "choice_ids", "correct") values ${Array.from({ length: 10 }, () => "(?, ?, ?, ?)").join(", ")}`);
const settle = c.prepare(`select "employment_id" from "status_dirty"`);
let k = 0;
const rawTimes: number[] = [];
const submit = c.transaction(() => {
  const [id, userId] = pool[k++]!;
  dirtyCount.get();
  readAttempt.get(id, userId, "c");
  const t = Date.now();
  grade.run("graded", t, t, 0, 0, 0, "en", id, "open");
  answer.run(...Array.from({ length: 10 }, (_, q) => [id, `q${q}`, '["a"]', 0]).flat());
  settle.all();
  dirtyCount.get();
});
fillPool();
for (let i = 0; i < 50; i++) submit.immediate();
deleteOpen.run();
let beforeRawTimed: Record<string, number> = {};
// The clients' window leaves garbage in this process (fetch, responses); collected before each
// baseline window, outside its clock, or its pauses would count against the baseline.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
/** The baseline for `ms` of wall clock (stops short of the pool's end). */
function rawWindow(ms: number) {
  fillPool();
  k = 0;
  if (!rawTimes.length) beforeRawTimed = countTables(path.join(dir, "raw.db"));
  collectGarbage();
  const end = performance.now() + ms;
  while (performance.now() < end && k < RAW_POOL) {
    const t = performance.now();
    submit.immediate();
    rawTimes.push(performance.now() - t);
  }
  used += k;
  deleteOpen.run();
}
let used = 50;
/**
 * The same transactions, each after a 1-ms wait outside the clock: the app's commits come after
 * the server has waited for the network, a tight loop's never do. On these virtual machines an
 * fsync that follows an idle spell takes longer (ADR 036, evening addendum of 2026-12-08); this
 * shows by how much in this run. Context only: the goal's baseline is the tight loop.
 */
const rawPacedTimes: number[] = [];
async function rawPacedWindow(ms: number) {
  fillPool();
  k = 0;
  collectGarbage();
  const end = performance.now() + ms;
  while (performance.now() < end && k < RAW_POOL) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const t = performance.now();
    submit.immediate();
    rawPacedTimes.push(performance.now() - t);
  }
  used += k;
  deleteOpen.run();
}

const server = await startServer({ DATABASE_PATH: dbPath, SEED_DEMO: "0", REMINDERS: "0" }, dbPath);
/** Each client in its own loop (the goal's figures). */
const latencies: number[] = [];
let submitted = 0;
/** Rounds: the submissions alone, for the server's CPU per submission. */
const roundLatencies: number[] = [];
let roundSubmitted = 0;
let roundPostMs = 0;
let roundCpuMs = 0;
let appBefore: Record<string, number> = {};
/** Warm-up: the server's CPU (ms) per quiz opened and submitted, each 3-s window. */
const warmups: number[] = [];
/** Opens the worker's quiz (drawing an attempt) and fills in the form: every answer wrong. */
async function openQuiz(cookie: string) {
  const html = await (await server.request(`/learn/${courseId}/quiz`, { cookie })).text();
  const attempt = /name="attempt" value="([^"]+)"/.exec(html)![1]!;
  const form = new URLSearchParams({ attempt, attest: "on" });
  for (const id of new Set([...html.matchAll(/name="q\.([^"]+)"/g)].map((m) => m[1]!))) form.append(`q.${id}`, wrong.get(id)!);
  return form.toString();
}
async function post(cookie: string, form: string, into: number[]) {
  const t = performance.now();
  const res = await server.request(`/learn/${courseId}/quiz`, { cookie, body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  await res.arrayBuffer();
  if (res.status !== 302) throw new Error(`submission answered ${res.status}`);
  into.push(performance.now() - t);
}
/** Each client opens its quiz and submits it, in its own loop, for `ms`; returns the number submitted. */
async function clientsLoop(cookies: string[], ms: number, into: number[]): Promise<number> {
  const end = performance.now() + ms;
  let n = 0;
  await Promise.all(
    cookies.map(async (cookie) => {
      while (performance.now() < end) {
        await post(cookie, await openQuiz(cookie), into);
        n++;
      }
    }),
  );
  return n;
}
try {
  // Signed in first: the rows counted below are the quiz's alone.
  const cookies = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => server.signIn(`bench-${i}`, "bench passphrase ok")));
  // Warm-up to a steady state, as the baseline's 50 transactions warm SQLite: a fresh server's
  // CPU per request falls for tens of seconds under load (the JIT, the heap growing to its
  // working size; ADR 036, 2026-12-07 night). The clients' loop runs in 3-s windows until three in
  // a row agree on the server's CPU per opened-and-submitted quiz within 5 % (at most 10).
  warmups.push(
    ...(await untilSteady(
      async () => {
        const cpu0 = cpuMsOf(server.pid);
        const n = await clientsLoop(cookies, 3000, []);
        return (cpuMsOf(server.pid) - cpu0) / n;
      },
      0.05,
      10,
    )),
  );
  appBefore = countTables(dbPath);
  // Each client opens its quiz and submits it in its own loop (the goal's figure), in 2-s
  // windows taking turns with 2-s windows of the raw baseline (the server idle then), so a slow
  // spell of the shared machine falls on both alike: measured one after the other, the same
  // build read 10.4 % in one run and 16.9 % in the next, the baseline alone moving ×2. Then 1 s
  // of the baseline with a wait before each transaction (rawPacedWindow), for context.
  for (let w = 0; w < Math.max(1, Math.round(SECONDS / 2)); w++) {
    submitted += await clientsLoop(cookies, 2000, latencies);
    rawWindow(2000);
    await rawPacedWindow(1000);
  }
  // Rounds: every client opens its quiz; then all submit together, and the server's CPU is read
  // around the submissions alone.
  const deadline = performance.now() + SECONDS * 1000;
  while (performance.now() < deadline) {
    const forms = await Promise.all(cookies.map((cookie) => openQuiz(cookie)));
    const cpu0 = cpuMsOf(server.pid);
    const t0 = performance.now();
    await Promise.all(cookies.map((cookie, i) => post(cookie, forms[i]!, roundLatencies)));
    roundPostMs += performance.now() - t0;
    roundCpuMs += cpuMsOf(server.pid) - cpu0;
    roundSubmitted += CLIENTS;
  }
} finally {
  await server.stop();
}
// Each client also opens its next quiz between submissions (a GET that draws an attempt): the
// submission rate counts the time spent in POSTs; the wall-clock rate is printed too.
const appRate = submitted / (latencies.reduce((a, b) => a + b, 0) / 1000 / CLIENTS);
latencies.sort((a, b) => a - b);
// The rounds: submissions per second of their POST phases, and the server's CPU per submission.
const roundRate = roundSubmitted / (roundPostMs / 1000);
const cpuPerSubmission = roundCpuMs / roundSubmitted;
roundLatencies.sort((a, b) => a - b);

raw.$client.close();
// What the app wrote per submission, table by table (read after the server stopped): the raw
// baseline must write the same rows, or the comparison is of different work. The app's GET's
// open attempt is included, as the baseline's attempts made before the clock are.
const appAfter = countTables(dbPath);
const rawAfter = countTables(path.join(dir, "raw.db"));
const perSubmission = (after: Record<string, number>, before: Record<string, number>, n: number) =>
  Object.fromEntries(Object.keys(after).map((t) => [t, (after[t]! - (before[t] ?? 0)) / n]).filter(([, v]) => v !== 0));
const appRows = perSubmission(appAfter, appBefore, submitted + roundSubmitted);
// The baseline's open attempts were made before the clock; counted here as the app's GET makes them.
const rawRows = perSubmission(rawAfter, beforeRawAttempts, used);
// In the timed transactions: all but the attempts (made before each window; the unused deleted).
const rawTimedRows = perSubmission(rawAfter, { ...beforeRawTimed, quiz_attempts: rawAfter.quiz_attempts! }, rawTimes.length + rawPacedTimes.length);
const sameRows = JSON.stringify(Object.entries(appRows).map(([t, v]) => [t, Math.round(Number(v) * 100) / 100]).sort()) === JSON.stringify(Object.entries(rawRows).map(([t, v]) => [t, Math.round(Number(v) * 100) / 100]).sort());
console.log(`\nRows written per submission — app: ${JSON.stringify(appRows)}; raw baseline: ${JSON.stringify(rawRows)} (of which in the timed transaction: ${JSON.stringify(rawTimedRows)})`);
if (!sameRows) {
  console.error("The raw baseline does not write the same rows as the app: the comparison would be of different work.");
  process.exit(1);
}
const rawRate = rawTimes.length / (rawTimes.reduce((a, b) => a + b, 0) / 1000);
rawTimes.sort((a, b) => a - b);
const rawPacedRate = rawPacedTimes.length / (rawPacedTimes.reduce((a, b) => a + b, 0) / 1000);
rawPacedTimes.sort((a, b) => a - b);

console.log(`\nWarm-up, server CPU per quiz opened and submitted, 3-s windows until three in a row agree within 5 %: ${warmups.map((x) => x.toFixed(2)).join(" → ")} ms`);
console.log(`\nQuiz submissions, ${CLIENTS} clients, ${SECONDS} s each way; synchronous=FULL (${process.version}, ${os.cpus().length} cores)`);
table([
  ["what", "per second", "p50", "p99", "count"],
  ["end to end: POST, grade, record the answers (a failed attempt)", appRate.toFixed(0), ms(percentile(latencies, 50)), ms(percentile(latencies, 99)), submitted],
  ["  (wall clock, each client also opening its next quiz)", (submitted / SECONDS).toFixed(0), "", "", ""],
  [`  in rounds (all ${CLIENTS} submit at once): server CPU ${ms(cpuPerSubmission)} a submission, ${(1000 / cpuPerSubmission).toFixed(0)} per CPU-second`, roundRate.toFixed(0), ms(percentile(roundLatencies, 50)), ms(percentile(roundLatencies, 99)), roundSubmitted],
  ["raw SQLite, the action's statements, one transaction each", rawRate.toFixed(0), ms(percentile(rawTimes, 50)), ms(percentile(rawTimes, 99)), rawTimes.length],
  [`  the same, each after a 1-ms wait (context: ×${(rawRate / rawPacedRate).toFixed(2)} the time a transaction)`, rawPacedRate.toFixed(0), ms(percentile(rawPacedTimes, 50)), ms(percentile(rawPacedTimes, 99)), rawPacedTimes.length],
]);
console.log(`Goal ≥ 20 % of the raw baseline: ${((100 * appRate) / rawRate).toFixed(1)} % — ${appRate >= 0.2 * rawRate ? "met" : "NOT met"} (per CPU-second: ${((100 * 1000) / cpuPerSubmission / rawRate).toFixed(1)} %); submission (commit acknowledged) p99 ≤ 50 ms: ${percentile(latencies, 99).toFixed(1)} ms — ${percentile(latencies, 99) <= 50 ? "met" : "NOT met"}`);
saveResults("quizSubmit", {
  clients: CLIENTS,
  seconds: SECONDS,
  appPerSecond: appRate,
  appP50Ms: percentile(latencies, 50),
  appP99Ms: percentile(latencies, 99),
  rounds: { perSecond: roundRate, p99Ms: percentile(roundLatencies, 99), cpuMsPerSubmission: cpuPerSubmission },
  rawPerSecond: rawRate,
  rawP99Ms: percentile(rawTimes, 99),
  rawAfterWait: { perSecond: rawPacedRate, p50Ms: percentile(rawPacedTimes, 50), p99Ms: percentile(rawPacedTimes, 99) },
  ratio: appRate / rawRate,
  warmupCpuMsPerQuiz: warmups,
});
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
