/**
 * `npm run bench:council [-- --db data/synth.db --jurisdiction US-WI]`: the council dashboard
 * loader on a state-scale database made by `npm run db:synth`, median and p99, against the
 * same figures computed from scratch (every roster row's status from its certificates) in
 * the same run. Goal: ≤ 10 ms median, ≥ 20× faster than from scratch.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ms, saveResults, table, timeIt } from "./results.ts";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
};
const file = path.resolve(arg("db", "data/synth.db"));
const jurisdiction = arg("jurisdiction", "US-WI");
if (!fs.existsSync(file)) {
  // Made once (several minutes), then reused by later runs.
  console.log(`${file} does not exist: making it with npm run db:synth -- --employers 5000 --workers 300000 --completions 1000000 --out ${file}`);
  const { spawnSync } = await import("node:child_process");
  const made = spawnSync("npx", ["tsx", "app/cli/db-synth.ts", "--employers", "5000", "--workers", "300000", "--completions", "1000000", "--out", file], { stdio: "inherit" });
  if (made.status !== 0) process.exit(2);
}
process.env.DATABASE_PATH = file;
process.env.SEED_DEMO = "0";
process.env.NODE_ENV = "production";

const { initialize } = await import("#app/server/startup.server.ts");
await initialize();
const { getDb } = await import("#app/utils/db.server.ts");
const councilHome = await import("#app/routes/council._index.tsx");
const transparency = await import("#app/routes/transparency[.json].ts");
const { scratchByEmployer } = await import("#app/models/aggregates.server.ts");
const { compliantCount, covered, rate } = await import("#app/domain/aggregates.ts");
const { now } = await import("#app/utils/clock.server.ts");
const { signInAs, call } = await import("#tests/support/harness.ts");
const db = getDb();

const cookie = await signInAs(`synth-council-${jurisdiction.slice(3).toLowerCase()}`);

const dashboard = await timeIt(100, () => call(councilHome.loader, "/council", { cookie }));
const publicJson = await timeIt(50, () => call(transparency.loader, "/transparency.json"));
const ids = (db.$client.prepare("SELECT id FROM employers WHERE jurisdiction = ?").all(jurisdiction) as { id: string }[]).map((r) => r.id);
let scratchTotal = { covered: 0, compliant: 0 };
const scratch = await timeIt(3, () => {
  let c = 0;
  let k = 0;
  for (const { stats: s } of scratchByEmployer(db, now(), ids)) {
    c += covered(s);
    k += compliantCount(s);
  }
  scratchTotal = { covered: c, compliant: k };
});
const page = (await call(councilHome.loader, "/council", { cookie })).data as { total: { covered: number; compliant: number; rate: number | null; employers: number; workers: number } };
const n = (t: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
const size = { employers: n("employers"), rosterRows: n("employments"), certificates: n("certificates"), fileBytes: fs.statSync(file).size };

console.log(`\nCouncil dashboard for ${jurisdiction} (${page.total.employers.toLocaleString("en-US")} employers, ${page.total.workers.toLocaleString("en-US")} current workers) on ${path.basename(file)}: ${size.employers.toLocaleString("en-US")} employers, ${size.rosterRows.toLocaleString("en-US")} roster rows, ${size.certificates.toLocaleString("en-US")} certificates, ${(size.fileBytes / 1e9).toFixed(2)} GB (${process.version}, ${os.cpus().length} cores)`);
table([
  ["what", "median", "p99", "runs"],
  ["council dashboard loader (maintained counters)", ms(dashboard.median), ms(dashboard.p99), "100"],
  ["from scratch: every roster row's status (baseline)", ms(scratch.median), ms(scratch.p99), "3"],
  ["public /transparency.json (all states)", ms(publicJson.median), ms(publicJson.p99), "50"],
]);
const speedup = scratch.median / dashboard.median;
console.log(`Speed-up: ${speedup.toFixed(0)}× (goal ≥ 20×: ${speedup >= 20 ? "met" : "NOT met"}); median ${dashboard.median.toFixed(2)} ms (goal ≤ 10 ms: ${dashboard.median <= 10 ? "met" : "NOT met"}).`);
const same = scratchTotal.covered === page.total.covered && scratchTotal.compliant === page.total.compliant;
console.log(`Same answer both ways: ${same ? "yes" : "NO"} (covered ${page.total.covered} vs ${scratchTotal.covered}, compliant ${page.total.compliant} vs ${scratchTotal.compliant}; rate ${page.total.rate}% vs ${rate(scratchTotal.compliant, scratchTotal.covered)}%).`);
saveResults("council", {
  jurisdiction,
  ...size,
  dashboardMedianMs: dashboard.median,
  dashboardP99Ms: dashboard.p99,
  scratchMedianMs: scratch.median,
  speedup,
  transparencyJsonMedianMs: publicJson.median,
  sameAnswer: same,
});
process.exit(same ? 0 : 1);
