import { eq } from "drizzle-orm";
import { employers, employments, sites } from "#db/schema.ts";
import { addDays, DAY_MS, toIsoDate } from "#app/domain/dates.ts";
import { getDb } from "#app/utils/db.server.ts";
import { courseFit, getCourseForRole, getRuleFor } from "#app/server/content.server.ts";
import { recordExternalCompletion } from "./external-completions.server.ts";
import { changeStatuses } from "./status.server.ts";
import { createEmployer, createSite } from "./employer.server.ts";
import { completeModule, openModule } from "./progress.server.ts";
import { getOrStartAttempt, submitAttempt } from "./quiz.server.ts";
import { createUser } from "./user.server.ts";
import { addEmployment } from "./employment.server.ts";
import { modulesForRole } from "#app/domain/content-schema.ts";
import { DEMO_PASSWORD } from "#app/domain/password-policy.ts";

export { DEMO_PASSWORD };
export const DEMO_JOIN_CODES = { lakeside: "LAKESIDE-INN", metro: "METRO-TRANSIT" } as const;

export function hasAnyEmployer() {
  return getDb().select({ id: employers.id }).from(employers).limit(1).get() !== undefined;
}

/**
 * The demo data described in the README. demo-certified earns its certificate through
 * the same functions a real worker's journey calls (modules paced, quiz graded), 30 days
 * before `now`.
 */
export async function seedDemo(now: Date) {
  const lakeside = createEmployer(
    { name: "Lakeside Inn", sector: "lodging", jurisdiction: "US-TX", county: "Travis", joinCode: DEMO_JOIN_CODES.lakeside },
    now,
  );
  const metro = createEmployer(
    { name: "Metro Transit", sector: "transit", jurisdiction: "US-CA", county: "Los Angeles", joinCode: DEMO_JOIN_CODES.metro },
    now,
  );
  const main = createSite({ employerId: lakeside.id, name: "Main building", joinCode: "LAKESIDE-MAIN" }, now)!;
  const annex = createSite({ employerId: lakeside.id, name: "Lakeview annex", joinCode: "LAKESIDE-ANNEX" }, now)!;
  const garage = createSite({ employerId: metro.id, name: "North garage", joinCode: "METRO-NORTH" }, now)!;
  // A fictional number (555-01xx is reserved for fiction): the demo shows where a site's own police line appears.
  getDb().update(sites).set({ policeAgency: "Demo City Police (fictional)", policePhone: "(512) 555-0100" }).where(eq(sites.id, main.id)).run();
  const addRow = (input: Parameters<typeof addEmployment>[0], at: Date) => changeStatuses(at, (tx) => addEmployment(input, at, tx));
  const daysAgo = (n: number) => addDays(toIsoDate(now), -n);
  const password = DEMO_PASSWORD;
  const worker = await createUser({ username: "demo-worker", name: "Maria Lopez", password, kind: "worker" }, now);
  addRow(
    { userId: worker.id, employerId: lakeside.id, siteId: main.id, employeeId: "LI-1002", fullName: "Maria Lopez", jobRole: "housekeeping", hireDate: daysAgo(20) },
    now,
  );
  const driver = await createUser({ username: "demo-driver", name: "Dwayne Carter", password, kind: "worker" }, now);
  addRow(
    { userId: driver.id, employerId: metro.id, siteId: garage.id, employeeId: "MT-301", fullName: "Dwayne Carter", jobRole: "transit-operator", hireDate: daysAgo(45) },
    now,
  );
  // On Lakeside's roster but not joined yet: one overdue, one new hire, one who left.
  addRow(
    { userId: null, employerId: lakeside.id, siteId: annex.id, employeeId: "LI-1003", fullName: "Ana Torres", jobRole: "housekeeping", hireDate: daysAgo(70), email: "ana.torres@example.org" },
    now,
  );
  addRow(
    { userId: null, employerId: lakeside.id, siteId: main.id, employeeId: "LI-1004", fullName: "Samuel Okafor", jobRole: "maintenance", hireDate: daysAgo(3), phone: "+1 608 555 0134" },
    now,
  );
  const leaver = addRow(
    { userId: null, employerId: lakeside.id, siteId: annex.id, employeeId: "LI-0990", fullName: "Greta Lindqvist", jobRole: "food-beverage", hireDate: daysAgo(400) },
    now,
  );
  changeStatuses(now, (tx) => tx.update(employments).set({ endedAt: now.getTime() - 60 * DAY_MS }).where(eq(employments.id, leaver.id)).run());
  const erin = await createUser(
    { username: "demo-employer", name: "Erin Olson", email: "erin@lakeside-inn.example", password, kind: "employer_admin", employerId: lakeside.id },
    now,
  );
  await createUser({ username: "demo-council", name: "Council Auditor", email: "council@tx.example", password, kind: "council", jurisdiction: "US-TX" }, now);
  await createUser({ username: "demo-admin", name: "Platform Admin", email: "admin@frontline.example", password, kind: "platform_admin" }, now);

  // demo-certified took the course a month ago.
  const start = new Date(now.getTime() - 30 * DAY_MS);
  const certified = await createUser({ username: "demo-certified", name: "José Núñez", password, kind: "worker" }, start);
  const employment = addRow(
    { userId: certified.id, employerId: lakeside.id, siteId: main.id, employeeId: "LI-1001", fullName: "José Núñez", jobRole: "front-desk", hireDate: daysAgo(40) },
    start,
  );
  const course = getCourseForRole("front-desk");
  if (!course) throw new Error("No course serves the front-desk role; cannot seed demo-certified");
  let t = start.getTime();
  for (const m of modulesForRole(course, "front-desk")) {
    openModule(certified.id, course.id, m.id, new Date(t));
    t += m.minutes * 60_000 + 30_000;
    const done = completeModule(certified.id, course, m, new Date(t));
    if (!done.ok) throw new Error(`Seeding: module ${m.id} could not be completed`);
  }
  const attempt = getOrStartAttempt(certified.id, employment, course, new Date(t));
  const byId = new Map(course.questions.map((q) => [q.id, q]));
  const answers = Object.fromEntries(
    attempt.questions.map((aq) => [aq.questionId, byId.get(aq.questionId)!.choices.filter((c) => c.correct).map((c) => c.id)]),
  );
  t += 5 * 60_000;
  const result = submitAttempt({ userId: certified.id, course, attemptId: attempt.id, answers }, new Date(t));
  if (result.kind !== "graded" || !result.certificate) throw new Error("Seeding: demo-certified did not pass");

  // Texas requires an Attorney General–approved course, which this platform's is not: Lakeside
  // recorded the approved course José took, with its proof, so he counts as trained (ADR 014).
  const rule = getRuleFor(lakeside);
  if (rule && !courseFit(rule.policy.id, "front-desk").meets) {
    const completedOn = daysAgo(29);
    recordExternalCompletion(
      {
        admin: { id: erin.id, kind: erin.kind, employerId: lakeside.id },
        employmentId: employment.id,
        rule,
        fields: { provider: "Office of the Texas Attorney General", courseTitle: "Human Trafficking Hotel Training", completedOn, approvalReference: null },
        proof: { bytes: demoProofPdf(["DEMO DATA - sample proof of training", "José Núñez completed the course", `"Human Trafficking Hotel Training" on ${completedOn}.`, "Recorded by Lakeside Inn for the demo."]), name: "demo-proof.pdf", type: "application/pdf" },
      },
      new Date(now.getTime() - 28 * DAY_MS),
    );
  }
}

/** A one-page PDF of a few lines of text (demo data only: the sample proof a demo employer keeps). */
export function demoProofPdf(lines: string[]): Uint8Array {
  // WinAnsi text: the standard Helvetica encodes Latin-1 letters (é, ñ) as single bytes.
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = ["BT", "/F1 14 Tf", "72 720 Td", "18 TL", ...lines.map((l) => `(${esc(l)}) Tj T*`), "ET"].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
