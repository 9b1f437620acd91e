/**
 * The law as shipped (content/, no test approvals): in Texas this platform's course is not an
 * Attorney General–approved course, so its certificate alone does not make a worker compliant;
 * the employer records the approved course the worker took, with its proof, and then it does.
 */
import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import * as worker from "#app/routes/employer.workers.$employmentId.tsx";
import * as proofRoute from "#app/routes/employer.proofs.$proofId.ts";
import * as dashboard from "#app/routes/employer._index.tsx";
import * as bundle from "#app/routes/employer.audit-bundle[.zip].ts";
import * as verifyApi from "#app/routes/api.certificates.$code.ts";
import * as laws from "#app/routes/laws.$ruleId.tsx";
import { call, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";

let admin: string;
let db: Awaited<ReturnType<typeof startTestApp>>["db"];
const PDF: Uint8Array<ArrayBuffer> = new Uint8Array(new TextEncoder().encode("%PDF-1.4\n% a proof\n%%EOF\n"));

beforeAll(async () => {
  ({ db } = await startTestApp({ content: "shipped" }));
  admin = await signInAs("demo-employer");
});

function employmentOf(employeeId: string): string {
  const row = db.$client.prepare("SELECT id FROM employments WHERE employee_id = ?").get(employeeId) as { id: string };
  return row.id;
}
const statusOf = (id: string) => (db.$client.prepare("SELECT kind FROM employment_status WHERE employment_id = ?").get(id) as { kind: string }).kind;

function form(fields: Record<string, string>, file?: { bytes: Uint8Array<ArrayBuffer>; name: string }) {
  const f = new FormData();
  f.set("intent", "external");
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  if (file) f.set("proof", new File([new Uint8Array(file.bytes)], file.name));
  return f;
}

describe("Texas: a course the Attorney General has not approved", () => {
  it("José's platform certificate alone would not count; the approved course the demo recorded does", async () => {
    const id = employmentOf("LI-1001");
    expect(statusOf(id)).toBe("compliant");
    const outside = db.$client.prepare("SELECT provider, voided_at FROM external_completions WHERE employment_id = ?").all(id) as { provider: string; voided_at: number | null }[];
    expect(outside).toEqual([{ provider: "Office of the Texas Attorney General", voided_at: null }]);
  });

  it("the dashboard says plainly that the course does not by itself meet the law", async () => {
    const res = await call(dashboard.loader, "/employer", { cookie: admin });
    const rule = (res.data as { rule: { roles: { meets: boolean }[]; gaps: { kind: string; values: { by?: string } }[] } }).rule;
    expect(rule.roles.every((r) => !r.meets)).toBe(true);
    expect(rule.gaps).toContainEqual(expect.objectContaining({ kind: "approval", values: { by: "Texas Attorney General" } }));
  });

  it("records an approved course with its proof, counts it, and voiding it takes it back", async () => {
    const id = employmentOf("LI-1003"); // Ana Torres: hired 70 days ago, not trained
    const url = `/employer/workers/${id}`;
    const before = statusOf(id);
    expect(["due", "overdue"]).toContain(before);

    const bad = await snapshotCounts();
    const noProof = await post(worker.action, url, { cookie: admin, params: { employmentId: id }, formData: form({ provider: "OAG", courseTitle: "Human Trafficking Hotel Training", completedOn: "2026-01-01" }) });
    expect(noProof.status).toBe(400);
    const notPdf = await post(worker.action, url, { cookie: admin, params: { employmentId: id }, formData: form({ provider: "OAG", courseTitle: "HT Training", completedOn: "2026-01-01" }, { bytes: new Uint8Array(new TextEncoder().encode("<html>")), name: "x.pdf" }) });
    expect(notPdf.status).toBe(400);
    expect((notPdf.data as { errors: Record<string, string> }).errors.proof).toMatch(/PDF, PNG or JPEG/);
    const future = await post(worker.action, url, { cookie: admin, params: { employmentId: id }, formData: form({ provider: "OAG", courseTitle: "HT Training", completedOn: "2999-01-01" }, { bytes: PDF, name: "p.pdf" }) });
    expect(future.status).toBe(400);
    expect(await snapshotCounts()).toEqual(bad);

    const { now } = await import("#app/utils/clock.server.ts");
    const today = now().toISOString().slice(0, 10);
    const ok = await post(worker.action, url, { cookie: admin, params: { employmentId: id }, formData: form({ provider: "Office of the Texas Attorney General", courseTitle: "Human Trafficking Hotel Training", completedOn: today, approvalReference: "OAG-LIST" }, { bytes: PDF, name: "ana.pdf" }) });
    expect(ok.status).toBe(200);
    expect(statusOf(id)).toBe("compliant");

    const page = await call(worker.loader, url, { cookie: admin, params: { employmentId: id } });
    const records = (page.data as { outside: { platformMeets: boolean; records: { id: string; proofSha256: string }[] } }).outside;
    expect(records.platformMeets).toBe(false);
    expect(records.records).toHaveLength(1);
    const proof = await call(proofRoute.loader, `/employer/proofs/${records.records[0]!.id}`, { cookie: admin, params: { proofId: records.records[0]!.id } });
    expect(proof.status).toBe(200);
    expect(proof.headers.get("Content-Type")).toBe("application/pdf");

    // In the audit bundle, hashed.
    const zip = await call(bundle.loader, "/employer/audit-bundle.zip", { cookie: admin });
    const files = unzipSync(zip.data instanceof Uint8Array ? zip.data : new Uint8Array(await new Response(zip.data as BodyInit).arrayBuffer()));
    const names = Object.keys(files);
    expect(names.some((n) => n.startsWith("outside-training/") && n.endsWith(".pdf"))).toBe(true);
    expect(strFromU8(files["outside-training.csv"]!)).toContain("Human Trafficking Hotel Training");
    expect(strFromU8(files["SHA256SUMS"]!)).toContain(records.records[0]!.proofSha256);

    const voided = await post(worker.action, url, { cookie: admin, params: { employmentId: id }, form: { intent: "external-void", id: records.records[0]!.id, voidReason: "Entered for the wrong person" } });
    expect(voided.status).toBe(200);
    expect(statusOf(id)).toBe(before);
  });

  it("the public JSON says the certificate is awareness training that Texas does not accept by itself", async () => {
    const code = (db.$client.prepare("SELECT code FROM certificates LIMIT 1").get() as { code: string }).code;
    const res = await call(verifyApi.loader, `/api/certificates/${code}`, { params: { code } });
    const json = (typeof res.data === "string" ? JSON.parse(res.data) : res.data) as { kind: string; laws: { rule: string }[] };
    expect(json.kind).toBe("awareness-training");
    const tx = json.laws.find((l: { rule: string }) => l.rule === "us-tx-lodging");
    expect(tx).toMatchObject({ meetsByItself: false, needs: expect.arrayContaining([{ kind: "approval", by: "Texas Attorney General" }]) });
  });

  it("the law's public page quotes its words with a pinpoint", async () => {
    const res = await call(laws.loader, "/laws/us-tx-lodging", { params: { ruleId: "us-tx-lodging" } });
    const fields = (res.data as { fields: { name: string; quotes: { pinpoint: string; text: string }[] }[] }).fields;
    const first = fields.find((f) => f.name === "firstTraining")!;
    expect(first.quotes[0]).toMatchObject({ pinpoint: "§ 114.0051(a)(3)" });
    expect(first.quotes[0]!.text).toMatch(/90th day/);
    expect((await call(laws.loader, "/laws/nowhere", { params: { ruleId: "nowhere" } })).status).toBe(404);
  });
});

describe("Louisiana: a gaming-industry law applies only once the employer says it is a gaming licensee", () => {
  it("counts no one as covered until the admin answers yes, and everyone again after no", async () => {
    const { now } = await import("#app/utils/clock.server.ts");
    const { createEmployer } = await import("#app/models/employer.server.ts");
    const { createUser } = await import("#app/models/user.server.ts");
const { addEmployment } = await import("#app/models/employment.server.ts");
    const { changeStatuses } = await import("#app/models/status.server.ts");
    const la = createEmployer({ name: "Bayou Casino Hotel", sector: "lodging", jurisdiction: "US-LA", county: "Calcasieu" }, now());
    await createUser({ username: "la-admin", name: "Lou Admin", password: "frontline-demo", kind: "employer_admin", employerId: la.id }, now());
    const row = changeStatuses(now(), (tx) => addEmployment({ userId: null, employerId: la.id, siteId: null, employeeId: "BC-1", fullName: "Dee Dealer", jobRole: "front-desk", hireDate: "2026-01-05" }, now(), tx));
    const cookie = await signInAs("la-admin");
    expect(statusOf(row.id)).toBe("not-covered");
    const page = await call(dashboard.loader, "/employer", { cookie });
    expect((page.data as { law: { question: string; confirmed: boolean } }).law).toMatchObject({ confirmed: false, question: expect.stringMatching(/Gaming Control Board/) });

    const bad = await post(dashboard.action, "/employer", { cookie, form: { intent: "scope", applies: "maybe" } });
    expect(bad.status).toBe(400);
    expect(statusOf(row.id)).toBe("not-covered");
    const yes = await post(dashboard.action, "/employer", { cookie, form: { intent: "scope", applies: "yes" } });
    expect(yes.status).toBe(200);
    expect(statusOf(row.id)).not.toBe("not-covered");
    const no = await post(dashboard.action, "/employer", { cookie, form: { intent: "scope", applies: "no" } });
    expect(no.status).toBe(200);
    expect(statusOf(row.id)).toBe("not-covered");
    // Texas has no such question: 409, nothing written.
    expect((await post(dashboard.action, "/employer", { cookie: admin, form: { intent: "scope", applies: "yes" } })).status).toBe(409);
  });
});
