/**
 * `npm run db:synth -- --employers 5000 --workers 300000 --completions 1000000 [--out data/synth.db] [--seed 1]`
 *
 * Writes a realistic state-scale database to a separate file (never the app's own): employers
 * across five states with their counties and sectors, a heavy-tailed spread of sizes, hire
 * dates over eight years, a quarter of the staff gone, several training cycles per worker
 * (some employers train no one), and certificates with their graded attempts. Then it
 * computes the counters and 24 months of history, and adds one council account per state
 * (`synth-council-wi`, … password `frontline-demo`). Prints what it wrote.
 */
import fs from "node:fs";
import path from "node:path";

function arg(name: string, fallback: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}
const EMPLOYERS = Number(arg("employers", "5000"));
const WORKERS = Number(arg("workers", "300000"));
const COMPLETIONS = Number(arg("completions", "1000000"));
const OUT = path.resolve(arg("out", "data/synth.db"));
const SEED = Number(arg("seed", "1"));
if (![EMPLOYERS, WORKERS, COMPLETIONS].every((n) => Number.isInteger(n) && n > 0) || WORKERS < EMPLOYERS) {
  console.error("Usage: npm run db:synth -- --employers N --workers N (>= employers) --completions N [--out file] [--seed N]");
  process.exit(2);
}
if (path.resolve(process.env.DATABASE_PATH ?? "data/frontline.db") === OUT) {
  console.error("Refusing to overwrite the app's own database; choose another --out.");
  process.exit(2);
}
for (const f of [OUT, `${OUT}-wal`, `${OUT}-shm`]) fs.rmSync(f, { force: true });
process.env.DATABASE_PATH = OUT;
process.env.SEED_DEMO = "0";

const { initialize } = await import("#app/server/startup.server.ts");
const started = performance.now();
await initialize();
const { getDb } = await import("#app/utils/db.server.ts");
const { getCourse, getRuleFor } = await import("#app/server/content.server.ts");
const { versionLabel } = await import("#app/domain/content-schema.ts");
const { newCertificateCode, newClaimCode, newId, newJoinCode } = await import("#app/utils/ids.server.ts");
const { hashPassword } = await import("#app/utils/password.server.ts");
const { DEMO_PASSWORD } = await import("#app/domain/password-policy.ts");
const { rebuildAggregates, backfillMonthly, snapshotMonth } = await import("#app/models/aggregates.server.ts");
const { expiryDate } = await import("#app/domain/expiry.ts");
const { DAY_MS, toIsoDate } = await import("#app/domain/dates.ts");

let s = SEED >>> 0;
const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0), s / 2 ** 32);
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
function weighted<T>(pairs: readonly (readonly [T, number])[]): T {
  let r = rnd() * pairs.reduce((n, [, w]) => n + w, 0);
  for (const [v, w] of pairs) if ((r -= w) <= 0) return v;
  return pairs[pairs.length - 1]![0];
}

const STATES = [
  ["US-WI", 0.5, ["Milwaukee", "Dane", "Waukesha", "Brown", "Racine", "Outagamie", "Winnebago", "Kenosha", "Rock", "Marathon", "La Crosse", "Eau Claire", "Sheboygan", "Walworth", "Door", "Sauk"]],
  ["US-TX", 0.2, ["Harris", "Dallas", "Tarrant", "Bexar", "Travis", "El Paso", "Collin", "Denton", "Hidalgo", "Fort Bend", "Nueces", "Galveston"]],
  ["US-CA", 0.15, ["Los Angeles", "San Diego", "Orange", "Riverside", "San Bernardino", "Santa Clara", "Alameda", "Sacramento", "San Francisco", "Monterey"]],
  ["US-MN", 0.1, ["Hennepin", "Ramsey", "Dakota", "Anoka", "St. Louis", "Olmsted", "Stearns", "Cook"]],
  ["US-FL", 0.05, ["Miami-Dade", "Broward", "Palm Beach", "Orange", "Hillsborough", "Duval", "Pinellas", "Monroe"]],
] as const;
const LODGING_ROLES = [["housekeeping", 35], ["front-desk", 20], ["food-beverage", 20], ["maintenance", 15], ["security", 10], ["lodging-manager", 5]] as const;
const TRANSIT_ROLES = [["transit-operator", 70], ["station-agent", 20], ["transit-supervisor", 10], ["transit-manager", 5]] as const;
const NAMES = ["Harbor", "Lakeview", "Pine", "Grand", "Riverside", "Summit", "Maple", "Bayside", "Cedar", "Union", "Prairie", "Northern", "Golden", "Liberty"];
const KINDS = { lodging: ["Inn", "Hotel", "Suites", "Lodge", "Motel", "Resort"], transit: ["Transit", "Bus Lines", "Rail", "Coach", "Shuttle"] } as const;
const now = new Date();
const db = getDb();
const course = getCourse("recognize-and-respond")!;
const version = versionLabel(course);

// Sizes: heavy-tailed (a few large employers, many small), summing to WORKERS.
const weights = Array.from({ length: EMPLOYERS }, (_, i) => 1 / Math.pow(i + 1, 0.85));
const total = weights.reduce((a, b) => a + b, 0);
const sizes = weights.map((w) => Math.max(1, Math.floor((w / total) * WORKERS)));
let short = WORKERS - sizes.reduce((a, b) => a + b, 0);
for (let i = 0; short > 0; i = (i + 1) % EMPLOYERS, short--) sizes[EMPLOYERS - 1 - i]!++;
for (let i = sizes.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [sizes[i], sizes[j]] = [sizes[j]!, sizes[i]!];
}

type Job = { employer: number; employmentId: string; userId: string | null; name: string; role: string; hire: number; end: number | null; completions: number[] };
const employers: { id: string; name: string; jurisdiction: string; sector: "lodging" | "transit"; county: string; diligence: number }[] = [];
const jobs: Job[] = [];
for (let e = 0; e < EMPLOYERS; e++) {
  const [jurisdiction, , counties] = weighted(STATES.map((st) => [st, st[1]] as const));
  const sector = (jurisdiction === "US-WI" || jurisdiction === "US-CA") && rnd() < 0.15 ? "transit" : "lodging";
  // 4% of employers train no one; the rest vary.
  const diligence = rnd() < 0.04 ? 0 : 0.35 + rnd() * 0.65;
  employers.push({ id: newId(), name: `${pick(NAMES)} ${pick(KINDS[sector])} ${e + 1}`, jurisdiction, sector, county: pick(counties), diligence });
  for (let k = 0; k < sizes[e]!; k++) {
    const hire = now.getTime() - Math.floor(Math.pow(rnd(), 1.6) * 8 * 365) * DAY_MS;
    const end = rnd() < 0.25 ? Math.min(now.getTime() - DAY_MS, hire + Math.floor(30 + rnd() * 900) * DAY_MS) : null;
    const role = weighted(sector === "lodging" ? LODGING_ROLES : TRANSIT_ROLES);
    const completions: number[] = [];
    const last = end ?? now.getTime();
    // A cycle a year: first within ~4 months of hire, then about yearly, each taken with the employer's diligence.
    for (let t = hire + Math.floor(rnd() * 120) * DAY_MS; t <= last; t += (335 + Math.floor(rnd() * 60)) * DAY_MS) if (rnd() < diligence) completions.push(t);
    jobs.push({ employer: e, employmentId: newId(), userId: null, name: `Worker ${jobs.length + 1}`, role, hire, end, completions });
  }
}
// Bring the completions to the requested number: drop at random, or add refreshers.
let planned = jobs.reduce((n, j) => n + j.completions.length, 0);
const trainedJobs = jobs.filter((j) => employers[j.employer]!.diligence > 0);
while (planned > COMPLETIONS) {
  const j = pick(jobs);
  if (j.completions.length > 0) {
    j.completions.splice(Math.floor(rnd() * j.completions.length), 1);
    planned--;
  }
}
while (planned < COMPLETIONS && trainedJobs.length > 0) {
  const j = pick(trainedJobs);
  const last = j.end ?? now.getTime();
  j.completions.push(j.hire + Math.floor(rnd() * Math.max(1, (last - j.hire) / DAY_MS)) * DAY_MS);
  planned++;
}
for (const j of jobs) {
  j.completions.sort((a, b) => a - b);
  if (j.completions.length > 0) j.userId = newId();
}

console.log(`Writing ${EMPLOYERS.toLocaleString("en-US")} employers, ${WORKERS.toLocaleString("en-US")} workers, ${planned.toLocaleString("en-US")} completions to ${OUT}…`);
const password = await hashPassword(DEMO_PASSWORD);
const ins = {
  employer: db.$client.prepare("INSERT INTO employers (id, name, sector, jurisdiction, county, join_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
  user: db.$client.prepare("INSERT INTO users (id, username, name, email, password_hash, kind, employer_id, jurisdiction, created_at) VALUES (?, ?, ?, NULL, ?, ?, NULL, ?, ?)"),
  job: db.$client.prepare("INSERT INTO employments (id, user_id, employer_id, site_id, full_name, employee_id, job_role, hire_date, email, phone, claim_code, started_at, ended_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)"),
  attempt: db.$client.prepare(
    "INSERT INTO quiz_attempts (id, user_id, employment_id, course_id, course_version, content_hash, job_role, questions, status, created_at, graded_at, attested_at, correct_count, question_count, score, passed) VALUES (?, ?, ?, ?, ?, ?, ?, '[]', 'graded', ?, ?, ?, 9, 10, 90, 1)",
  ),
  cert: db.$client.prepare(
    "INSERT INTO certificates (id, code, user_id, employment_id, employer_id, attempt_id, holder_name, employer_name, job_role, course_id, course_title, course_version, content_hash, score, attested_at, issued_at, expires_on, rule_id, rule_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 90, ?, ?, ?, ?, ?)",
  ),
};
const codes = new Set<string>();
const uniqueCode = () => {
  let c = newCertificateCode();
  while (codes.has(c)) c = newCertificateCode();
  codes.add(c);
  return c;
};
db.$client.transaction(() => {
  for (const e of employers) ins.employer.run(e.id, e.name, e.sector, e.jurisdiction, e.county, newJoinCode(), now.getTime());
  for (const [j] of STATES) ins.user.run(newId(), `synth-council-${j.slice(3).toLowerCase()}`, `${j} council auditor`, password, "council", j, now.getTime());
})();
for (let i = 0; i < jobs.length; i += 20_000) {
  db.$client.transaction(() => {
    for (const j of jobs.slice(i, i + 20_000)) {
      const e = employers[j.employer]!;
      if (j.userId) ins.user.run(j.userId, `w${j.userId.slice(0, 12).toLowerCase()}`, j.name, password, "worker", null, j.hire);
      ins.job.run(j.employmentId, j.userId, e.id, j.name, `E${j.employmentId.slice(0, 8)}`, j.role, toIsoDate(j.hire), j.userId === null ? newClaimCode() : null, j.hire, j.end);
      const rule = getRuleFor(e);
      for (const t of j.completions) {
        const attemptId = newId();
        ins.attempt.run(attemptId, j.userId, j.employmentId, course.id, version, course.contentHash, j.role, t, t, t);
        ins.cert.run(newId(), uniqueCode(), j.userId, j.employmentId, e.id, attemptId, j.name, e.name, j.role, course.id, course.title, version, course.contentHash, t, t, expiryDate(new Date(t), course.validityMonths), rule?.policy.id ?? null, rule?.version ?? null);
      }
    }
  })();
  process.stdout.write(`  ${Math.min(i + 20_000, jobs.length).toLocaleString("en-US")} workers written\r`);
}
console.log("\nComputing the counters and 24 months of history…");
const rows = rebuildAggregates(now);
backfillMonthly(now, 24);
snapshotMonth(now);
db.$client.pragma("wal_checkpoint(TRUNCATE)");
db.$client.exec("ANALYZE");

const count = (t: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n.toLocaleString("en-US");
const size = fs.statSync(OUT).size;
console.log(
  [
    `Done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${OUT} (${(size / 1e9).toFixed(2)} GB)`,
    `  employers ${count("employers")}, roster rows ${count("employments")} (former: ${(db.$client.prepare("SELECT count(*) AS n FROM employments WHERE ended_at IS NOT NULL").get() as { n: number }).n.toLocaleString("en-US")}), worker accounts ${count("users WHERE kind = 'worker'")}`,
    `  certificates ${count("certificates")}, attempts ${count("quiz_attempts")}, status rows ${rows.toLocaleString("en-US")}, month rows ${count("employer_monthly")}`,
    `  per state: ${(db.$client.prepare("SELECT jurisdiction, count(*) AS n FROM employers GROUP BY jurisdiction ORDER BY n DESC").all() as { jurisdiction: string; n: number }[]).map((r) => `${r.jurisdiction} ${r.n}`).join(", ")}`,
    `  council accounts: ${STATES.map(([j]) => `synth-council-${j.slice(3).toLowerCase()}`).join(", ")} (password frontline-demo)`,
  ].join("\n"),
);
process.exit(0);
