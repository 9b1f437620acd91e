/**
 * The import's confirmation: the previewed file stays on the server (pending_imports), so the
 * confirmation sends its id and SHA-256, never the file again. Only the admin who previewed it,
 * at that employer, within the hour, can confirm it, once. A file just under the upload limit
 * is previewed and imported through the production server (its confirmation used to carry the
 * whole file form-encoded, over the 1 MB body limit: 413). A big file is read in slices.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "#app/routes/employer.import.tsx";
import { parseRosterCsv, parseRosterCsvInSlices, planImport, planImportInSlices } from "#app/domain/roster-import.ts";
import type { RowContext } from "#app/domain/roster-row.ts";
import { countRows, post, signInAs, snapshotCounts, startTestApp } from "#tests/support/harness.ts";
import { startServer, type TestServer } from "#tests/support/server.ts";

type Preview = { pendingId: string; sha256: string; fileName: string; plan: { added: unknown[]; counts: { added: number } } };

function upload(text: string, name = "roster.csv") {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("file", new File([text], name, { type: "text/csv" }));
  return form;
}

/** A roster file of `n` new workers at Lakeside Inn's sites. */
function bigFile(n: number, prefix: string) {
  const roles = ["front-desk", "housekeeping", "maintenance", "food-beverage", "security"];
  const sites = ["Main building", "Lakeview annex"];
  const lines = ["name,employee_id,role,site,hire_date"];
  for (let i = 0; i < n; i++) lines.push(`W ${i},${prefix}${i},${roles[i % roles.length]},${sites[i % sites.length]},2025-0${1 + (i % 9)}-1${i % 10}`);
  return lines.join("\r\n") + "\r\n";
}

describe("confirming an import by its id", () => {
  let admin: string;
  let lakesideId: string;
  const file = ["Name,Employee ID,Role,Site,Hire Date", "Pending Person,PI-1,housekeeping,Main building,2026-01-05"].join("\n");

  beforeAll(async () => {
    await startTestApp();
    admin = await signInAs("demo-employer");
    const { getEmployerByJoinCode, createEmployer } = await import("#app/models/employer.server.ts");
    const { createUser } = await import("#app/models/user.server.ts");
    lakesideId = getEmployerByJoinCode("LAKESIDE-INN")!.id;
    const t = new Date();
    await createUser({ username: "second-admin", name: "Second Admin", password: "frontline-demo", kind: "employer_admin", employerId: lakesideId }, t);
    const other = createEmployer({ name: "Other Hotel", sector: "lodging", jurisdiction: "US-TX", county: "Travis", joinCode: "OTHER-HOTEL" }, t);
    await createUser({ username: "other-admin", name: "Other Admin", password: "frontline-demo", kind: "employer_admin", employerId: other.id }, t);
  });

  const preview = async (cookie = admin, text = file) => {
    const res = await post(importRoute.action, "/employer/import", { cookie, formData: upload(text) });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    return res.data as Preview;
  };
  const confirm = (fields: Record<string, string>, cookie = admin, lang = "en") =>
    post(importRoute.action, "/employer/import", { cookie, form: { intent: "import", ...fields }, headers: { "Accept-Language": lang } });

  it("sends back an id and the file's SHA-256, not the file", async () => {
    const p = await preview();
    expect(p.pendingId).toMatch(/^[\w-]{10,64}$/);
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p).not.toHaveProperty("csv");
    expect(p.plan.counts.added).toBe(1);
  });

  it("refuses, writing nothing, a wrong digest, an unknown id, another admin's preview and another employer's (409, in English and Spanish)", async () => {
    const p = await preview();
    const second = await signInAs("second-admin");
    const other = await signInAs("other-admin");
    const before = await snapshotCounts();
    const audits = await countRows("audit_log");
    const refusals = [
      await confirm({ pendingId: p.pendingId, sha256: "0".repeat(64) }),
      await confirm({ pendingId: "no-such-preview-id", sha256: p.sha256 }),
      await confirm({ pendingId: p.pendingId }),
      await confirm({ pendingId: p.pendingId, sha256: p.sha256 }, second),
      await confirm({ pendingId: p.pendingId, sha256: p.sha256 }, other),
    ];
    for (const r of refusals) {
      expect(r.status).toBe(409);
      expect((r.data as { errors: { form: string } }).errors.form).toMatch(/expired .* or was already imported/);
    }
    const es = await confirm({ pendingId: "no-such-preview-id", sha256: p.sha256 }, admin, "es");
    expect((es.data as { errors: { form: string } }).errors.form).toMatch(/caducó/);
    expect(await snapshotCounts()).toEqual(before);
    expect(await countRows("audit_log")).toBe(audits);
    // The preview itself is still good for its own admin.
    expect((await confirm({ pendingId: p.pendingId, sha256: p.sha256 })).status).toBe(200);
  });

  it("imports once: the same confirmation again is refused", async () => {
    const p = await preview(admin, file.replace("PI-1", "PI-2"));
    const first = await confirm({ pendingId: p.pendingId, sha256: p.sha256 });
    expect(first.status).toBe(200);
    expect((first.data as { done: string }).done).toMatch(/Imported: 1 added/);
    const employments = await countRows("employments");
    expect((await confirm({ pendingId: p.pendingId, sha256: p.sha256 })).status).toBe(409);
    expect(await countRows("employments")).toBe(employments);
  });

  it("expires after an hour, and expired previews are deleted", async () => {
    const p = await preview(admin, file.replace("PI-1", "PI-3"));
    const { advanceClock } = await import("#app/utils/clock.server.ts");
    advanceClock(61 * 60_000);
    expect((await confirm({ pendingId: p.pendingId, sha256: p.sha256 })).status).toBe(409);
    const { getDb } = await import("#app/utils/db.server.ts");
    const held = () => getDb().$client.prepare("SELECT count(*) AS n FROM pending_imports WHERE id = ?").get(p.pendingId) as { n: number };
    expect(held().n).toBe(1);
    await preview(); // a new preview clears out expired ones
    expect(held().n).toBe(0);
  });

  it("keeps at most three previews per admin", async () => {
    for (let i = 0; i < 5; i++) await preview();
    const { getDb } = await import("#app/utils/db.server.ts");
    const { n } = getDb().$client.prepare("SELECT count(*) AS n FROM pending_imports p JOIN users u ON u.id = p.admin_id WHERE u.username = 'demo-employer'").get() as { n: number };
    expect(n).toBe(3);
  });

  it("lists at most 200 rows of each kind in the preview, and counts them all", async () => {
    const p = await preview(admin, bigFile(450, "LIST-"));
    expect(p.plan.added).toHaveLength(200);
    expect(p.plan.counts.added).toBe(450);
  });
});

describe("reading a big file in slices", () => {
  const ctx: RowContext = { roles: [{ id: "housekeeping", label: "Housekeeping" }, { id: "front-desk", label: "Front desk" }, { id: "maintenance", label: "Maintenance" }, { id: "food-beverage", label: "Food and beverage" }, { id: "security", label: "Security" }], sites: [{ id: "s1", name: "Main building" }, { id: "s2", name: "Lakeview annex" }], today: "2026-06-01" };

  it("gives the same rows, errors and line numbers as reading it at once, pausing between slices", async () => {
    // Quoted cells with commas and doubled quotes across slice ends; a bad row far down the file.
    // (A line break inside a name is refused by the names rule, so none is used here.)
    const lines = ["name,employee_id,role,site,hire_date"];
    for (let i = 0; i < 3000; i++) lines.push(i % 97 === 0 ? `"O""Brien, ${i}",Q${i},housekeeping,Main building,2025-01-01` : `Person ${i},Q${i},front-desk,Lakeview annex,2025-01-02`);
    const good = lines.join("\r\n");
    let pauses = 0;
    const pause = async () => void pauses++;
    const sliced = await parseRosterCsvInSlices(good, ctx, pause);
    expect(pauses).toBeGreaterThan(5);
    expect(sliced).toEqual(parseRosterCsv(good, ctx));
    expect(sliced.rows).toHaveLength(3000);
    expect(sliced.rows.at(-1)!.line).toBe(3000 + 1);
    const bad = good + "\r\nNo Role,Q-BAD,astronaut,Main building,2025-01-01";
    const refused = await parseRosterCsvInSlices(bad, ctx, pause);
    expect(refused.rows).toEqual([]);
    expect(refused.errors).toEqual(parseRosterCsv(bad, ctx).errors);
    expect(refused.errors[0]).toMatchObject({ line: 3000 + 2, key: "unknownRole" });
    const broken = good + '\r\nBad "quote,Q-Q,front-desk,Main building,2025-01-01';
    expect((await parseRosterCsvInSlices(broken, ctx, pause)).errors).toEqual([expect.objectContaining({ line: 3000 + 2, key: "notCsv" })]);
    expect((await planImportInSlices([], sliced.rows, pause)).plan.added).toHaveLength(planImport([], sliced.rows).plan.added.length);
  });
});

describe("a file just under the upload limit, through the production server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("previews and imports 17,000 rows (~880 KB): the confirmation is a few bytes, not a 413", async () => {
    const text = bigFile(17_000, "N");
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeGreaterThan(850_000);
    expect(bytes).toBeLessThanOrEqual(900_000);
    // What the confirmation used to send: the file again, form-encoded, over the 1 MB limit.
    expect(new URLSearchParams({ intent: "import", csv: text }).toString().length).toBeGreaterThan(1024 * 1024);

    const cookie = await server.signIn("demo-employer");
    const previewed = await server.request("/employer/import", { cookie, body: upload(text) });
    expect(previewed.status).toBe(200);
    const html = await previewed.text();
    expect(html).toMatch(/17,?000 new/);
    const field = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1];
    const pendingId = field("pendingId");
    const sha256 = field("sha256");
    expect(pendingId).toBeTruthy();
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);

    const body = new URLSearchParams({ intent: "import", pendingId: pendingId!, sha256: sha256! }).toString();
    expect(body.length).toBeLessThan(200);
    const done = await server.request("/employer/import", { cookie, body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/Imported: 17,?000 added/);
  }, 300_000);
});
