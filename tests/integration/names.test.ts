/**
 * Names may not hold control characters or text-direction overrides and isolates: every form
 * with a name field refuses them (400, the field named, in the page's language) and writes
 * nothing. One shared refinement (app/domain/names.ts) runs in each.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as join from "#app/routes/join.$joinCode.tsx";
import * as addWorker from "#app/routes/employer.workers.new.tsx";
import * as worker from "#app/routes/employer.workers.$employmentId.tsx";
import * as importRoute from "#app/routes/employer.import.tsx";
import * as sites from "#app/routes/employer.sites.tsx";
import * as attestations from "#app/routes/employer.attestations.tsx";
import * as admin from "#app/routes/admin._index.tsx";
import { call, post, signInAs, startTestApp, type Result } from "#tests/support/harness.ts";

const TABLES = ["users", "employers", "employments", "sites", "sessions", "attestations", "sign_postings", "external_completions", "audit_log"];
/** NUL, a tab, DEL, a C1 control, right-to-left override, pop-directional, right-to-left isolate, first-strong isolate. */
const HIDDEN = ["\u0000", "\t", "\u007f", "\u0085", "\u202e", "\u202c", "\u2067", "\u2068"];
const EN = /hidden control or text-direction characters/;
const ES = /caracteres ocultos de control o de dirección del texto/;

let cookies: { employer: string; mn: string; platform: string };
let ids: { employment: string; site: string };
let today: string;

async function counts() {
  const { getDb } = await import("#app/utils/db.server.ts");
  return Object.fromEntries(TABLES.map((t) => [t, (getDb().$client.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

beforeAll(async () => {
  await startTestApp();
  const { getDb } = await import("#app/utils/db.server.ts");
  const { now } = await import("#app/utils/clock.server.ts");
  const { createEmployer } = await import("#app/models/employer.server.ts");
  const { createUser } = await import("#app/models/user.server.ts");
  today = now().toISOString().slice(0, 10);
  // Minnesota asks employers for a signed attestation; Texas (Lakeside) does not.
  const mn = createEmployer({ name: "North Star Lodge", sector: "lodging", jurisdiction: "US-MN" }, now());
  await createUser({ username: "mn-names-admin", name: "Kari Berg", password: "frontline-demo", kind: "employer_admin", employerId: mn.id }, now());
  cookies = { employer: await signInAs("demo-employer"), mn: await signInAs("mn-names-admin"), platform: await signInAs("demo-admin") };
  const raw = getDb().$client;
  ids = {
    employment: (raw.prepare("SELECT id FROM employments WHERE employee_id = 'LI-1004'").get() as { id: string }).id,
    site: (raw.prepare("SELECT s.id FROM sites s JOIN employers e ON e.id = s.employer_id WHERE e.join_code = 'LAKESIDE-INN' ORDER BY s.name LIMIT 1").get() as { id: string }).id,
  };
});

function proofForm(fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("proof", new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a])], "proof.pdf", { type: "application/pdf" }));
  return form;
}

interface NameForm {
  form: string;
  field: string;
  /** Posts the form, valid but for `value` in `field`. */
  send: (value: string, headers?: Record<string, string>) => Promise<Result>;
}

/** Every form that takes a name, each with the rest of its fields valid. */
const FORMS: NameForm[] = [
  ...(["name", "username"] as const).map((field) => ({
    form: "join",
    field,
    send: (value: string, headers?: Record<string, string>) =>
      post(join.action, "/join/LAKESIDE-INN", {
        params: { joinCode: "LAKESIDE-INN" },
        headers,
        form: { name: "Nadia Rahman", username: "nadia-r", password: "a long enough password", role: "housekeeping", [field]: value },
      }),
  })),
  {
    form: "add worker",
    field: "fullName",
    send: (value, headers) =>
      post(addWorker.action, "/employer/workers/new", {
        cookie: cookies.employer,
        headers,
        form: { fullName: value, employeeId: "LI-8801", jobRole: "housekeeping", siteId: "", hireDate: today, email: "", phone: "" },
      }),
  },
  {
    form: "edit worker",
    field: "fullName",
    send: (value, headers) =>
      post(worker.action, `/employer/workers/${ids.employment}`, {
        cookie: cookies.employer,
        headers,
        params: { employmentId: ids.employment },
        form: { intent: "edit", fullName: value, employeeId: "LI-1004", jobRole: "maintenance", siteId: "", hireDate: today, email: "", phone: "" },
      }),
  },
  ...(["provider", "courseTitle"] as const).map((field) => ({
    form: "outside training",
    field,
    send: (value: string, headers?: Record<string, string>) =>
      post(worker.action, `/employer/workers/${ids.employment}`, {
        cookie: cookies.employer,
        headers,
        params: { employmentId: ids.employment },
        formData: proofForm({ intent: "external", provider: "Office of the Attorney General", courseTitle: "Hotel Training", completedOn: today, approvalReference: "", [field]: value }),
      }),
  })),
  {
    form: "add site",
    field: "name",
    send: (value, headers) => post(sites.action, "/employer/sites", { cookie: cookies.employer, headers, form: { name: value } }),
  },
  {
    form: "site police numbers",
    field: "policeAgency",
    send: (value, headers) => post(sites.action, "/employer/sites", { cookie: cookies.employer, headers, form: { intent: "numbers", siteId: ids.site, policeAgency: value, policePhone: "(512) 555-0101" } }),
  },
  {
    form: "sign posted",
    field: "attestedName",
    send: (value, headers) => post(sites.action, "/employer/sites", { cookie: cookies.employer, headers, form: { intent: "sign-posted", signId: "tx-114-0053", siteId: ids.site, attestedName: value } }),
  },
  ...(["signedName", "signedTitle"] as const).map((field) => ({
    form: "attestation",
    field,
    send: async (value: string, headers?: Record<string, string>) => {
      const period = ((await call(attestations.loader, "/employer/attestations", { cookie: cookies.mn })).data as { periods: string[] }).periods[0]!;
      return post(attestations.action, "/employer/attestations", { cookie: cookies.mn, headers, form: { period, signedName: "Kari Berg", signedTitle: "General manager", confirm: "yes", [field]: value } });
    },
  })),
  ...(["employerName", "county", "name", "username"] as const).map((field) => ({
    form: "new employer",
    field,
    send: (value: string, headers?: Record<string, string>) =>
      post(admin.action, "/admin", {
        cookie: cookies.platform,
        headers,
        form: { intent: "create-employer", employerName: "Harbor Lights Hotel", sector: "lodging", jurisdiction: "US-WI", county: "Dane", name: "Hana Kim", username: "hana-kim", email: "hana@harbor.example", [field]: value },
      }),
  })),
  ...(["name", "username"] as const).map((field) => ({
    form: "new council account",
    field,
    send: (value: string, headers?: Record<string, string>) =>
      post(admin.action, "/admin", {
        cookie: cookies.platform,
        headers,
        form: { intent: "create-council", jurisdiction: "US-WI", name: "Wisconsin Auditor", username: "wi-auditor", email: "wi@council.example", [field]: value },
      }),
  })),
];

describe("a name with control or text-direction characters", () => {
  it.each(FORMS.map((f) => [`${f.form}: ${f.field}`, f] as const))("%s is refused (400, that field alone), in English and Spanish, writing nothing", async (_label, f) => {
    const before = await counts();
    for (const hidden of HIDDEN) {
      // Inside the name: trimming cannot remove it.
      const res = await f.send(`ab${hidden}cd`);
      expect(res.status, JSON.stringify(hidden)).toBe(400);
      const errors = (res.data as { errors: Record<string, string> }).errors;
      expect(Object.keys(errors), JSON.stringify(errors)).toEqual([f.field]);
      expect(errors[f.field]).toMatch(EN);
    }
    const es = await f.send("ab\u202ecd", { "Accept-Language": "es" });
    expect((es.data as { errors: Record<string, string> }).errors[f.field]).toMatch(ES);
    expect(await counts()).toEqual(before);
  });

  it("is refused in a roster import, with the line and the name shown without its hidden characters; nothing is written", async () => {
    const before = await counts();
    const csv = ["name,employee id,role,site,hire date", `Ok Person,LI-8802,housekeeping,,${today}`, `Ev\u202eil\u2066 Name,LI-8803,housekeeping,,${today}`, `Nul\u0000Name,LI-8804,housekeeping,,${today}`].join("\n");
    const form = new FormData();
    form.set("intent", "preview");
    form.set("file", new File([csv], "roster.csv", { type: "text/csv" }));
    const res = await post(importRoute.action, "/employer/import", { cookie: cookies.employer, formData: form });
    expect(res.status).toBe(400);
    const rows = (res.data as { rowErrors: { line: number; message: string }[] }).rowErrors;
    expect(rows.map((r) => r.line)).toEqual([3, 4]);
    expect(rows[0]!.message).toBe('name "Ev il  Name" holds hidden control or text-direction characters (often copied with the name): type it again in the file');
    expect(rows[1]!.message).toContain('"Nul Name"');
    expect(await counts()).toEqual(before);
  });

  it("letters of any script, accents, apostrophes and spaces are names like any other", async () => {
    const res = await post(addWorker.action, "/employer/workers/new", {
      cookie: cookies.employer,
      form: { fullName: "Zoë O'Brien-Núñez محمد 李", employeeId: "LI-8805", jobRole: "housekeeping", siteId: "", hireDate: today, email: "", phone: "" },
    });
    expect(res.status).toBe(302);
  });
});
