import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { toIsoDate } from "#app/domain/expiry.ts";
import { REQUIRED_COLUMNS } from "#app/domain/roster-columns.ts";
import { parseRosterCsv, planImport, type ImportPlan } from "#app/domain/roster-import.ts";
import { getRole, rolesForSector } from "#app/models/content.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { applyImport, existingForImport, fileDigest } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction = () => [{ title: "Import a roster · Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEmployerAdmin(request);
  return null;
}

const MAX_CSV_BYTES = 900_000;
const Intent = z.enum(["preview", "import"], { error: "Unknown action" });

type Result = {
  errors?: Record<string, string>;
  rowErrors?: { line: number; message: string }[];
  plan?: {
    added: { line: number; name: string; employeeId: string; role: string; site: string; hireDate: string }[];
    changed: { name: string; employeeId: string; changes: string[] }[];
    unchanged: number;
    missing: { name: string; employeeId: string; id: string }[];
  };
  csv?: string;
  sha256?: string;
  fileName?: string;
  done?: string;
};

function describe(plan: ImportPlan, siteName: (id: string | null) => string): NonNullable<Result["plan"]> {
  const label = (field: string, v: string | null) => (field === "siteId" ? siteName(v) : field === "jobRole" ? (getRole(v ?? "")?.label ?? v ?? "") : (v ?? "(empty)"));
  const names: Record<string, string> = { fullName: "name", jobRole: "role", siteId: "site", hireDate: "hire date", email: "email", phone: "phone" };
  return {
    added: plan.added.map((r) => ({ line: r.line, name: r.fullName, employeeId: r.employeeId, role: getRole(r.jobRole)?.label ?? r.jobRole, site: r.siteName, hireDate: r.hireDate })),
    changed: plan.changed.map((c) => ({
      name: c.row.fullName,
      employeeId: c.row.employeeId,
      changes: c.changes.map((x) => `${names[x.field]}: ${label(x.field, x.from)} → ${label(x.field, x.to)}`),
    })),
    unchanged: plan.unchanged.length,
    missing: plan.missing.map((m) => ({ name: m.fullName, employeeId: m.employeeId, id: m.employmentId })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const form = await readForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  if (!intent.success) return data<Result>({ errors: { form: "Unknown action" } }, { status: 400 });
  const file = form.get("file");
  const pasted = form.get("csv");
  let text: string;
  let fileName = "pasted.csv";
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) return data<Result>({ errors: { file: "That file is larger than 900 KB; split it in two." } }, { status: 413 });
    text = await file.text();
    fileName = file.name || fileName;
  } else if (typeof pasted === "string" && pasted.trim()) {
    if (pasted.length > MAX_CSV_BYTES) return data<Result>({ errors: { file: "That text is larger than 900 KB; split it in two." } }, { status: 413 });
    text = pasted;
    const named = form.get("fileName");
    if (typeof named === "string" && named) fileName = named.slice(0, 200);
  } else {
    return data<Result>({ errors: { file: "Choose a CSV file to import" } }, { status: 400 });
  }
  const sites = listSites(employer.id);
  const roles = rolesForSector(employer.sector);
  const t = now();
  const parsed = parseRosterCsv(text, { roles, sites }, toIsoDate(t));
  if (parsed.errors.length > 0) {
    return data<Result>(
      { errors: { file: `The file has ${parsed.errors.length} problem${parsed.errors.length > 1 ? "s" : ""}; nothing was imported.` }, rowErrors: parsed.errors.slice(0, 200) },
      { status: 400 },
    );
  }
  const plan = planImport(existingForImport(employer.id), parsed.rows);
  const sha256 = fileDigest(text);
  const siteName = (id: string | null) => sites.find((s) => s.id === id)?.name ?? "no site";
  if (intent.data === "preview") return { plan: describe(plan, siteName), csv: text, sha256, fileName } satisfies Result;
  if (form.get("sha256") !== sha256) return data<Result>({ errors: { form: "The file changed since the preview. Preview it again." } }, { status: 409 });
  applyImport({ admin, plan, fileName, fileSha256: sha256, clientAddress: clientAddress(context) }, t);
  return {
    done: `Imported: ${plan.added.length} added, ${plan.changed.length} updated, ${plan.unchanged.length} unchanged. ${plan.missing.length} current workers were not in the file: check whether they left.`,
    plan: describe(plan, siteName),
  } satisfies Result;
}

export default function Import() {
  const a = useActionData<typeof action>() as Result | undefined;
  const preview = a?.plan && a.csv && !a.done;
  return (
    <section className="card">
      <p>
        <Link to="/employer/roster">← Roster</Link>
      </p>
      <h1>Import a roster</h1>
      <p>
        A CSV file with a header row and the columns <code>{REQUIRED_COLUMNS.join(", ").replaceAll("_", " ")}</code>, and optionally <code>email</code> and{" "}
        <code>phone</code>. Roles may be written as on the join page or as ids; sites as named on your Sites page; dates as YYYY-MM-DD or M/D/YYYY.
        Workers are matched by employee ID, so importing the same file again changes nothing.
      </p>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      {a?.rowErrors ? (
        <div className="notice warn">
          <h2>Problems, by line</h2>
          <ul>
            {a.rowErrors.map((e, i) => (
              <li key={i}>
                Line {e.line}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {a?.plan ? (
        <div>
          <h2>{a.done ? "What changed" : "Check before importing"}</h2>
          <p>
            {a.plan.added.length} new, {a.plan.changed.length} changed, {a.plan.unchanged} unchanged, {a.plan.missing.length} on your roster but not in the
            file.
          </p>
          {a.plan.added.length > 0 ? (
            <>
              <h3>New</h3>
              <ul>
                {a.plan.added.map((r) => (
                  <li key={r.employeeId}>
                    {r.name} ({r.employeeId}), {r.role}, {r.site}, hired {r.hireDate}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {a.plan.changed.length > 0 ? (
            <>
              <h3>Changed</h3>
              <ul>
                {a.plan.changed.map((r) => (
                  <li key={r.employeeId}>
                    {r.name} ({r.employeeId}): {r.changes.join("; ")}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {a.plan.missing.length > 0 ? (
            <>
              <h3>Not in the file (did they leave?)</h3>
              <ul>
                {a.plan.missing.map((r) => (
                  <li key={r.employeeId}>
                    <Link to={`/employer/workers/${r.id}`}>{r.name}</Link> ({r.employeeId})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      {preview ? (
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="csv" value={a.csv} />
          <input type="hidden" name="sha256" value={a.sha256} />
          <input type="hidden" name="fileName" value={a.fileName} />
          <button type="submit" className="primary">
            Import these changes
          </button>{" "}
          <Link to="/employer/import">Cancel</Link>
        </Form>
      ) : (
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="preview" />
          <div className="field">
            <label htmlFor="f-file">CSV file</label>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" aria-describedby="f-file-error" />
            <p className="error-text" id="f-file-error" role={a?.errors?.file ? "alert" : undefined}>
              {a?.errors?.file ?? ""}
            </p>
          </div>
          <button type="submit" className="primary">
            Check the file
          </button>
        </Form>
      )}
    </section>
  );
}
