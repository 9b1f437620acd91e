/**
 * `npm run test:crash`: durability under SIGKILL. Each round starts the production server on a
 * fresh database whose workers have finished the course, drives concurrent quiz submissions
 * from several clients, kills the server with SIGKILL at a different moment, and then checks
 * the database: every submission that got a success response is there (graded, with its
 * answers; its certificate when it passed), no attempt has two certificates and no worker two
 * for one attempt, and `PRAGMA integrity_check` is ok; finally the server restarts on it and
 * serves a sign-in. Writes a JSON report when CRASH_REPORT is set (npm test counts it).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import YAML from "yaml";
import { startServer, type TestServer } from "#tests/support/server.ts";
import { prepareTrainedWorkers } from "#tests/support/trained-workers.ts";
import { approvedContentDir } from "#tests/support/approved-content.ts";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);
const CLIENTS = 8;
/** Each round kills the server after this many acknowledged submissions: early, mid-load and late. */
const KILL_AFTER = [3, 14, 25, 31, 9, 20]; // at most CLIENTS × (FAILS_BEFORE_PASS + 1) = 32 are made
const FAILS_BEFORE_PASS = 3;
const quiz = YAML.parse(fs.readFileSync("content/courses/recognize-and-respond/quiz.yaml", "utf8")) as { questions: { id: string; choices: { id: string; correct?: boolean }[] }[] };
const correct = new Map(quiz.questions.map((q) => [q.id, q.choices.filter((c) => c.correct).map((c) => c.id)]));
const wrong = new Map(quiz.questions.map((q) => [q.id, [q.choices.find((c) => !c.correct)!.id]]));

type Outcome = { user: string; attemptId: string; passed: boolean; certificate: string | null };

/** One client: opens the quiz, fails a few times, then passes; records every success response. */
async function client(server: TestServer, username: string, courseId: string, outcomes: Outcome[], stop: { now: boolean }) {
  let cookie: string;
  try {
    cookie = await server.signIn(username, "crash test passphrase");
  } catch {
    return;
  }
  for (let round = 0; !stop.now && round < 50; round++) {
    try {
      const page = await server.request(`/learn/${courseId}/quiz`, { cookie });
      const html = await page.text();
      // The page's messages are serialized into it, so a phrase is no marker: the form is.
      const attempt = /name="attempt" value="([^"]+)"/.exec(html)?.[1];
      const ids = [...new Set([...html.matchAll(/name="q\.([^"]+)"/g)].map((m) => m[1]!))];
      if (!attempt || ids.length === 0) {
        if (page.status !== 200) console.log(`${username}: quiz page answered ${page.status}`);
        return; // passed, or no quiz to take
      }
      const pass = round >= FAILS_BEFORE_PASS;
      const form = new URLSearchParams({ attempt, attest: "on" });
      for (const id of ids) for (const c of (pass ? correct : wrong).get(id)!) form.append(`q.${id}`, c);
      const res = await server.request(`/learn/${courseId}/quiz`, { cookie, body: form.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      await res.arrayBuffer();
      if (res.status === 302) {
        const location = res.headers.get("location") ?? "";
        const cert = /\/certificates\/([A-Z0-9-]+)$/.exec(location)?.[1] ?? null;
        outcomes.push({ user: username, attemptId: attempt, passed: cert !== null, certificate: cert?.replace(/-/g, "") ?? null });
        if (cert) return;
      }
    } catch {
      return; // the server is gone
    }
  }
}

function check(dbPath: string, outcomes: Outcome[]): string[] {
  const problems: string[] = [];
  const db = new Database(dbPath);
  const integrity = db.pragma("integrity_check", { simple: true });
  if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
  const fk = db.pragma("foreign_key_check") as unknown[];
  if (fk.length > 0) problems.push(`foreign_key_check: ${fk.length} broken references`);
  const attempt = db.prepare("SELECT status, passed, (SELECT count(*) FROM attempt_answers a WHERE a.attempt_id = q.id) AS answers FROM quiz_attempts q WHERE id = ?");
  const cert = db.prepare("SELECT attempt_id FROM certificates WHERE code = ?");
  for (const o of outcomes) {
    const row = attempt.get(o.attemptId) as { status: string; passed: number; answers: number } | undefined;
    if (!row || row.status !== "graded" || row.answers === 0) problems.push(`${o.user}: attempt ${o.attemptId} was answered 302 but is ${row ? `${row.status} with ${row.answers} answers` : "missing"}`);
    if (o.certificate) {
      const c = cert.get(o.certificate) as { attempt_id: string } | undefined;
      if (!c) problems.push(`${o.user}: certificate ${o.certificate} was announced but is missing`);
      else if (c.attempt_id !== o.attemptId) problems.push(`${o.user}: certificate ${o.certificate} belongs to another attempt`);
    }
  }
  const doubles = db.prepare("SELECT attempt_id, count(*) AS n FROM certificates GROUP BY attempt_id HAVING n > 1").all();
  if (doubles.length > 0) problems.push(`${doubles.length} attempts with more than one certificate`);
  const passedTwice = db.prepare("SELECT user_id, count(*) AS n FROM certificates GROUP BY user_id HAVING n > 1").all();
  if (passedTwice.length > 0) problems.push(`${passedTwice.length} workers with two certificates (each passes once here)`);
  // The maintained counters must have committed with the certificates.
  const counters = db.prepare("SELECT coalesce(sum(compliant + expiring), 0) AS n FROM employer_stats").get() as { n: number };
  const certified = db.prepare("SELECT count(DISTINCT user_id) AS n FROM certificates WHERE revoked_at IS NULL").get() as { n: number };
  if (counters.n !== certified.n) problems.push(`counters say ${counters.n} compliant workers, certificates say ${certified.n}`);
  db.close();
  return problems;
}

let passedRounds = 0;
let failedRounds = 0;
for (let round = 1; round <= ROUNDS; round++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "frontline-crash-"));
  const dbPath = path.join(dir, "crash.db");
  // The counters check below needs a course that counts under the Texas rule (ADR 014).
  process.env.CONTENT_DIR = approvedContentDir();
  const courseId = await prepareTrainedWorkers(dbPath, { count: CLIENTS, prefix: "Crash", password: "crash test passphrase", joinCode: "CRASH-INN" });
  const server = await startServer({ DATABASE_PATH: dbPath, SEED_DEMO: "0", REMINDERS: "0" }, dbPath);
  const outcomes: Outcome[] = [];
  const stop = { now: false };
  const killAfter = KILL_AFTER[(round - 1) % KILL_AFTER.length]!;
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(server, `crash-${i}`, courseId, outcomes, stop));
  // Mid-load: kill as soon as this many submissions were acknowledged (others are in flight).
  const deadline = Date.now() + 60_000;
  while (outcomes.length < killAfter && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  const acknowledgedBeforeKill = outcomes.length;
  server.kill("SIGKILL");
  stop.now = true;
  await Promise.all(clients);
  const problems = check(dbPath, outcomes);
  // A round in which nothing was acknowledged proves nothing: it fails.
  if (acknowledgedBeforeKill < killAfter) problems.push(`only ${acknowledgedBeforeKill} submissions were acknowledged before the kill (wanted ${killAfter}), so this round tested nothing`);
  // It must come back on the same file.
  try {
    const again = await startServer({ DATABASE_PATH: dbPath, SEED_DEMO: "0", REMINDERS: "0" }, dbPath);
    await again.signIn("crash-0", "crash test passphrase");
    await again.stop();
  } catch (error) {
    problems.push(`restart failed: ${(error as Error).message.split("\n")[0]}`);
  }
  const certs = outcomes.filter((o) => o.certificate).length;
  if (problems.length === 0) {
    passedRounds++;
    console.log(`round ${round}: killed after ${killAfter}+ acknowledged submissions: ${outcomes.length} acknowledged (${certs} certificates), all present; integrity ok; restarted`);
  } else {
    failedRounds++;
    console.log(`round ${round}: killed after ${killAfter}+ acknowledged submissions: ${outcomes.length} acknowledged; PROBLEMS:\n  ${problems.join("\n  ")}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
if (process.env.CRASH_REPORT) fs.writeFileSync(process.env.CRASH_REPORT, JSON.stringify({ passed: passedRounds, failed: failedRounds }));
console.log(`\n${passedRounds} passed, ${failedRounds} failed`);
process.exit(failedRounds === 0 ? 0 : 1);
