/**
 * The import page's sample file, what its preview shows (the language column, hire dates in the
 * future, unknown roles by their labels) and the bulk "left on" for the people not in a file:
 * previewed, all or nothing, audited. Through the route actions on a real database.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, employments } from "#db/schema.ts";
import * as importRoute from "#app/routes/employer.import.tsx";
import * as leaversRoute from "#app/routes/employer.leavers.tsx";
import * as sampleRoute from "#app/routes/employer.import-sample[.csv].ts";
import { readCsv } from "#app/domain/csv.ts";
import { call, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";

type Preview = {
  pendingId: string;
  sha256: string;
  plan: { added: { name: string; language: string; role: string }[]; counts: { added: number; missing: number } };
  future?: { count: number; rows: { line: number; name: string; hireDate: string }[] };
};

function upload(text: string, intent = "preview", extra: Record<string, string> = {}) {
  const form = new FormData();
  form.set("intent", intent);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  form.set("file", new File([text], "roster.csv", { type: "text/csv" }));
  return form;
}

/** Calendar-day arithmetic written independently of the code under test. */
function day(n: number): string {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n)).toISOString().slice(0, 10);
}

let lakeside: string;
let metro: string;
let lakesideId: string;

beforeAll(async () => {
  await startTestApp();
  lakeside = await signInAs("demo-employer");
  const { getEmployerByJoinCode } = await import("#app/models/employer.server.ts");
  const { createUser } = await import("#app/models/user.server.ts");
  lakesideId = getEmployerByJoinCode("LAKESIDE-INN")!.id;
  const metroId = getEmployerByJoinCode("METRO-TRANSIT")!.id;
  await createUser({ username: "metro-admin", name: "Metro Admin", password: "a long enough metro password", kind: "employer_admin", employerId: metroId }, new Date());
  metro = await signInAs("metro-admin", "a long enough metro password");
});

afterAll(async () => {
  const { closeDb } = await import("#app/utils/db.server.ts");
  closeDb();
});

const preview = (cookie: string, text: string, lang = "en") => post(importRoute.action, "/employer/import", { cookie, formData: upload(text), headers: { "Accept-Language": lang } });

describe("the sample file", () => {
  it("has every column the import reads, the optional ones too, and imports as it is: hotel roles at a hotel, transit roles at a transit agency", async () => {
    for (const [cookie, roles] of [
      [lakeside, ["Front desk, concierge, bell or valet", "Housekeeping or laundry"]],
      [metro, ["Bus or rail operator, driver", "Station, terminal or ticket agent"]],
    ] as const) {
      const res = await call(sampleRoute.loader, "/employer/import-sample.csv", { cookie });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("Content-Disposition")).toContain("attachment");
      const rows = readCsv(res.data as string);
      expect(rows[0]).toEqual(["name", "employee_id", "role", "site", "hire_date", "email", "phone", "language"]);
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const r of roles) expect(rows.slice(1).map((x) => x[2])).toContain(r);
      // Optional columns are filled on some rows and empty on others.
      expect(rows.slice(1).some((x) => x[5] !== "") && rows.slice(1).some((x) => x[5] === "")).toBe(true);
      expect(new Set(rows.slice(1).map((x) => x[7]))).toEqual(new Set(["en", "es", ""]));
      const p = await preview(cookie, res.data as string);
      expect(p.status, JSON.stringify(p.data)).toBe(200);
      expect((p.data as Preview).plan.counts.added).toBe(rows.length - 1);
    }
  });

  it("is for employer admins only", async () => {
    const worker = await signInAs("demo-worker");
    expect((await call(sampleRoute.loader, "/employer/import-sample.csv", { cookie: worker })).status).toBe(403);
    expect((await call(sampleRoute.loader, "/employer/import-sample.csv")).status).toBe(302);
  });
});

describe("the import preview", () => {
  const header = "name,employee_id,role,site,hire_date,language";

  it("shows each new worker's language", async () => {
    const res = await preview(lakeside, [header, `Lan Nguyen,PV-1,housekeeping,Main building,${day(-10)},es`, `Ben Ode,PV-2,front-desk,,${day(-10)},en`, `Cy Void,PV-3,security,,${day(-10)},`].join("\n"));
    expect(res.status).toBe(200);
    const added = (res.data as Preview).plan.added;
    expect(added.map((a) => [a.name, a.language])).toEqual([
      ["Lan Nguyen", "Español"],
      ["Ben Ode", "English"],
      ["Cy Void", "(empty)"],
    ]);
  });

  it("warns about a hire date in the future and still previews the file", async () => {
    const res = await preview(lakeside, [header, `Fay Future,PV-4,housekeeping,,${day(30)},`, `Pam Past,PV-5,housekeeping,,${day(-3)},`].join("\n"));
    expect(res.status).toBe(200);
    const p = res.data as Preview;
    expect(p.pendingId).toBeTruthy();
    expect(p.plan.counts.added).toBe(2);
    expect(p.future).toEqual({ count: 1, rows: [{ line: 2, name: "Fay Future", employeeId: "PV-4", hireDate: day(30) }] });
  });

  it("names an unknown role's valid choices by their labels, not their ids, and imports nothing", async () => {
    const before = await snapshotCounts();
    const res = await preview(lakeside, [header, `Ray Role,PV-6,astronaut,,${day(-3)},`].join("\n"));
    expect(res.status).toBe(400);
    const message = (res.data as { rowErrors: { line: number; message: string }[] }).rowErrors[0]!.message;
    expect(message).toContain('"Housekeeping or laundry"');
    expect(message).toContain('"Front desk, concierge, bell or valet"');
    expect(message).not.toMatch(/\bfood-beverage\b|\bfront-desk\b/);
    expect(await snapshotCounts()).toEqual(before);
  });
});

describe("marking the people not in the file as left", () => {
  const fileOf = (rows: string[]) => ["name,employee_id,role,site,hire_date", ...rows].join("\n");
  const current = (ids: string[]) =>
    import("#app/utils/db.server.ts").then(({ getDb }) =>
      getDb().select({ id: employments.id, endedAt: employments.endedAt, employeeId: employments.employeeId }).from(employments).where(inArray(employments.id, ids)).all(),
    );

  it("after an import: lists who was not in the file, previews who and how many, then marks them all with one date, audited", async () => {
    // A roster of three, then a file that lists one of them.
    const three = fileOf([`Al One,BL-1,housekeeping,,${day(-200)}`, `Bo Two,BL-2,housekeeping,,${day(-100)}`, `Cy Three,BL-3,security,,${day(-50)}`]);
    const { getDb } = await import("#app/utils/db.server.ts");
    // Start from a roster holding only these three (the demo's current staff are marked elsewhere first).
    const p1 = (await preview(lakeside, three)).data as Preview;
    await post(importRoute.action, "/employer/import", { cookie: lakeside, form: { intent: "import", pendingId: p1.pendingId, sha256: p1.sha256 } });
    const p2 = (await preview(lakeside, fileOf([`Al One,BL-1,housekeeping,,${day(-200)}`]))).data as Preview;
    const done = await post(importRoute.action, "/employer/import", { cookie: lakeside, form: { intent: "import", pendingId: p2.pendingId, sha256: p2.sha256 } });
    expect(done.status).toBe(200);
    const d = done.data as { missingIds: string[]; plan: { missing: { name: string; employeeId: string }[] } };
    const missingIds = ["BL-2", "BL-3"].map((e) => getDb().select().from(employments).where(and(eq(employments.employerId, lakesideId), eq(employments.employeeId, e))).get()!.id);
    for (const id of missingIds) expect(d.missingIds).toContain(id);
    expect(d.plan.missing.map((m) => m.employeeId)).toEqual(expect.arrayContaining(["BL-2", "BL-3"]));

    const before = await snapshotCounts();
    const previewRes = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "ids", terminationDate: day(-1), employmentId: missingIds } });
    expect(previewRes.status).toBe(200);
    const pv = previewRes.data as { preview: { date: string; people: { id: string; name: string }[] } };
    expect(pv.preview.date).toBe(day(-1));
    expect(pv.preview.people.map((p) => p.name)).toEqual(["Bo Two", "Cy Three"]);
    expect(await snapshotCounts()).toEqual(before); // a preview writes nothing

    const applied = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "apply", terminationDate: day(-1), employmentId: missingIds } });
    expect(applied.status).toBe(200);
    expect((applied.data as { done: string }).done).toMatch(/^2 people recorded as having left on /);
    const after = await current(missingIds);
    expect(after.map((r) => r.endedAt)).toEqual([Date.parse(`${day(-1)}T00:00:00Z`), Date.parse(`${day(-1)}T00:00:00Z`)]);
    const audits = getDb().select().from(auditLog).where(and(eq(auditLog.action, "roster-ended"), inArray(auditLog.targetId, missingIds))).all();
    expect(audits).toHaveLength(2);
    for (const a of audits) expect(JSON.parse(a.detail)).toMatchObject({ terminationDate: day(-1), bulk: 2 });
  });

  it("all or nothing: one person already marked meanwhile → nothing is written, and they are named", async () => {
    const f = fileOf([`Di Four,BL-4,housekeeping,,${day(-200)}`, `Ed Five,BL-5,housekeeping,,${day(-100)}`]);
    const p = (await preview(lakeside, f)).data as Preview;
    await post(importRoute.action, "/employer/import", { cookie: lakeside, form: { intent: "import", pendingId: p.pendingId, sha256: p.sha256 } });
    const { getDb } = await import("#app/utils/db.server.ts");
    const ids = ["BL-4", "BL-5"].map((e) => getDb().select().from(employments).where(and(eq(employments.employerId, lakesideId), eq(employments.employeeId, e))).get()!.id);
    // Ed leaves by the one-at-a-time form first.
    const one = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "apply", terminationDate: day(-2), employmentId: [ids[1]!] } });
    expect(one.status).toBe(200);
    const before = await snapshotCounts();
    const res = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "apply", terminationDate: day(-1), employmentId: ids } });
    expect(res.status).toBe(409);
    expect((res.data as { errors: { form: string } }).errors.form).toContain("Ed Five");
    expect(await snapshotCounts()).toEqual(before);
    expect((await current([ids[0]!]))[0]!.endedAt).toBeNull();
  });

  it("refuses a date before someone's hire date or in the future, and another employer's rows, writing nothing", async () => {
    const f = fileOf([`Fi Six,BL-6,housekeeping,,${day(-5)}`]);
    const p = (await preview(lakeside, f)).data as Preview;
    await post(importRoute.action, "/employer/import", { cookie: lakeside, form: { intent: "import", pendingId: p.pendingId, sha256: p.sha256 } });
    const { getDb } = await import("#app/utils/db.server.ts");
    const id = getDb().select().from(employments).where(and(eq(employments.employerId, lakesideId), eq(employments.employeeId, "BL-6"))).get()!.id;
    const before = await snapshotCounts();
    const early = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "apply", terminationDate: day(-10), employmentId: [id] } });
    expect(early.status).toBe(409);
    expect((early.data as { errors: { form: string } }).errors.form).toContain("Fi Six");
    const earlyPreview = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "ids", terminationDate: day(-10), employmentId: [id] } });
    expect(earlyPreview.status).toBe(400);
    const future = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "apply", terminationDate: day(3), employmentId: [id] } });
    expect(future.status).toBe(400);
    const notADate = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "apply", terminationDate: "soon", employmentId: [id] } });
    expect(notADate.status).toBe(400);
    const nobody = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, form: { intent: "apply", terminationDate: day(-1) } });
    expect(nobody.status).toBe(400);
    // Metro's admin cannot mark Lakeside's worker: the row is not theirs (nothing to preview, and refused whole).
    const crossPreview = await post(leaversRoute.action, "/employer/leavers", { cookie: metro, form: { intent: "ids", terminationDate: day(-1), employmentId: [id] } });
    expect(crossPreview.data).toEqual({ nobody: true });
    const cross = await post(leaversRoute.action, "/employer/leavers", { cookie: metro, form: { intent: "apply", terminationDate: day(-1), employmentId: [id] } });
    expect(cross.status).toBe(409);
    expect(await snapshotCounts()).toEqual(before);
    expect((await current([id]))[0]!.endedAt).toBeNull();
  });

  it("on its own page: a roster file in, the people not in it previewed", async () => {
    const res = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, formData: upload(fileOf([`Fi Six,BL-6,housekeeping,,${day(-5)}`]), "file", { terminationDate: day(-1) }) });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const names = (res.data as { preview: { people: { name: string; employeeId: string }[] } }).preview.people.map((p) => p.employeeId);
    expect(names).not.toContain("BL-6");
    expect(names).toEqual(expect.arrayContaining(["BL-1", "BL-4", "LI-1003"]));
    // A file with a bad row previews nothing.
    const bad = await post(leaversRoute.action, "/employer/leavers", { cookie: lakeside, formData: upload(fileOf(["No Role,BL-9,,,2020-01-01"]), "file", { terminationDate: day(-1) }) });
    expect(bad.status).toBe(400);
    expect((bad.data as { rowErrors: unknown[] }).rowErrors).toHaveLength(1);
  });
});
