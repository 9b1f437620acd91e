/**
 * npm run bench:quiz [-- --seconds 8 --clients 8]
 * Quiz submissions end to end (HTTP POST through the production server: parsed, graded,
 * recorded with its answers, audited, counters moved; synchronous=FULL) per second from
 * several clients, against the ceiling of raw SQLite for the same writes in the same run
 * (the same statements in one transaction each, same pragmas, no HTTP, no app).
 * Goals: ≥ 50 % of the raw ceiling; commit p99 ≤ 50 ms.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { ms, percentile, saveResults, table } from "./results.ts";
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

const server = await startServer({ DATABASE_PATH: dbPath, SEED_DEMO: "0", REMINDERS: "0" }, dbPath);
const latencies: number[] = [];
let submitted = 0;
try {
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const cookie = await server.signIn(`bench-${i}`, "bench passphrase ok");
      while (performance.now() < deadline) {
        const html = await (await server.request(`/learn/${courseId}/quiz`, { cookie })).text();
        const attempt = /name="attempt" value="([^"]+)"/.exec(html)![1]!;
        const form = new URLSearchParams({ attempt, attest: "on" });
        for (const id of new Set([...html.matchAll(/name="q\.([^"]+)"/g)].map((m) => m[1]!))) form.append(`q.${id}`, wrong.get(id)!);
        const t = performance.now();
        const res = await server.request(`/learn/${courseId}/quiz`, { cookie, body: form.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
        await res.arrayBuffer();
        if (res.status !== 302) throw new Error(`submission answered ${res.status}`);
        latencies.push(performance.now() - t);
        submitted++;
      }
    }),
  );
} finally {
  await server.stop();
}
// Each client also opens its next quiz between submissions (a GET that draws an attempt): the
// submission rate counts the time spent in POSTs; the wall-clock rate is printed too.
const postSeconds = latencies.reduce((a, b) => a + b, 0) / 1000 / CLIENTS;
const appRate = submitted / postSeconds;
latencies.sort((a, b) => a - b);

// The raw ceiling: the same rows written per submission, one transaction each, same pragmas.
const raw = openDatabase(path.join(dir, "raw.db"));
applyMigrations(raw);
const c = raw.$client;
c.exec(`INSERT INTO employers VALUES ('e','E','lodging','US-TX',NULL,'J',0);
  INSERT INTO users (id, username, name, password_hash, kind, created_at) VALUES ('u','u','U','x','worker',0);
  INSERT INTO employments (id, user_id, employer_id, full_name, job_role, hire_date, started_at) VALUES ('j','u','e','U','housekeeping','2026-01-01',0);
  INSERT INTO employer_stats (employer_id, workers, due) VALUES ('e', 1, 1);
  INSERT INTO employment_status (employment_id, employer_id, kind, trained) VALUES ('j','e','due',0);`);
const insAttempt = c.prepare("INSERT INTO quiz_attempts (id, user_id, employment_id, course_id, course_version, content_hash, job_role, questions, status, created_at, question_count) VALUES (?, 'u', 'j', 'c', 'v', 'h', 'housekeeping', '[]', 'open', 0, 10)");
const grade = c.prepare("UPDATE quiz_attempts SET status = 'graded', graded_at = 1, attested_at = 1, correct_count = 0, score = 0, passed = 0 WHERE id = ? AND status = 'open'");
const answer = c.prepare("INSERT INTO attempt_answers (attempt_id, question_id, choice_ids, correct) VALUES (?, ?, '[\"a\"]', 0)");
const touch = c.prepare("UPDATE employment_status SET changes_on = changes_on WHERE employment_id = 'j'");
let k = 0;
const submit = c.transaction(() => {
  const id = `a${k++}`;
  insAttempt.run(id);
  grade.run(id);
  for (let q = 0; q < 10; q++) answer.run(id, `q${q}`);
  touch.run();
});
for (let i = 0; i < 50; i++) submit();
const rawTimes: number[] = [];
const rawDeadline = performance.now() + 3000;
while (performance.now() < rawDeadline) {
  const t = performance.now();
  submit();
  rawTimes.push(performance.now() - t);
}
raw.$client.close();
const rawRate = rawTimes.length / (rawTimes.reduce((a, b) => a + b, 0) / 1000);
rawTimes.sort((a, b) => a - b);

console.log(`\nQuiz submissions, ${CLIENTS} clients for ${SECONDS} s; synchronous=FULL (${process.version}, ${os.cpus().length} cores)`);
table([
  ["what", "per second", "p50", "p99", "count"],
  ["end to end: POST, grade, record, audit, counters", appRate.toFixed(0), ms(percentile(latencies, 50)), ms(percentile(latencies, 99)), submitted],
  ["  (wall clock, each client also opening its next quiz)", (submitted / SECONDS).toFixed(0), "", "", ""],
  ["raw SQLite, same writes, one transaction each (ceiling)", rawRate.toFixed(0), ms(percentile(rawTimes, 50)), ms(percentile(rawTimes, 99)), rawTimes.length],
]);
console.log(`Goal ≥ 50 % of the raw ceiling: ${((100 * appRate) / rawRate).toFixed(0)} % — ${appRate >= 0.5 * rawRate ? "met" : "NOT met"}; commit p99 ≤ 50 ms: ${percentile(latencies, 99).toFixed(1)} ms — ${percentile(latencies, 99) <= 50 ? "met" : "NOT met"}`);
saveResults("quizSubmit", { clients: CLIENTS, seconds: SECONDS, appPerSecond: appRate, appP50Ms: percentile(latencies, 50), appP99Ms: percentile(latencies, 99), rawPerSecond: rawRate, rawP99Ms: percentile(rawTimes, 99), ratio: appRate / rawRate });
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
