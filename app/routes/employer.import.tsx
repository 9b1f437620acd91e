import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Rich, useT } from "#app/components/i18n.tsx";
import { ImportProblems } from "#app/components/import-problems.tsx";
import { LeaversForm } from "#app/components/leavers-form.tsx";
import { toIsoDate } from "#app/domain/dates.ts";
import { REQUIRED_COLUMNS } from "#app/domain/roster-row.ts";
import { LANGUAGE_NAMES, isLang } from "#app/i18n/translate.ts";
import { futureHires, type ImportPlan, type ImportRow } from "#app/domain/roster-import.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { Lang, TFunction } from "#app/i18n/translate.ts";
import { roleLabel } from "#app/server/content.server.ts";
import { applyImport, MAX_BULK_LEAVERS, planRosterFile } from "#app/models/roster.server.ts";
import { deletePendingImport, getPendingImport, savePendingImport } from "#app/models/pending-import.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { csvFromForm, importProblems } from "#app/utils/csv-upload.server.ts";
import { readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";
import { yieldToEventLoop } from "#app/utils/event-loop.server.ts";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  return { pageTitle: t("import.metaTitle") };
}

const Intent = z.enum(["preview", "import"]);
/** What a confirmation sends: the previewed file's id and SHA-256 (the file itself stays on the server). */
const Confirm = z.object({ pendingId: z.string().min(1).max(64), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
/** The preview lists at most this many rows of each kind (the summary counts them all). */
const LIST_MAX = 200;
/** Between slices of a big file and batches of its rows: other requests get their turn. */

type Result = {
  errors?: Record<string, string>;
  rowErrors?: { line: number; message: string }[];
  plan?: {
    /** The first LIST_MAX rows of each list; the counts cover them all. */
    added: { line: number; name: string; employeeId: string; role: string; site: string; hireDate: string; language: string }[];
    changed: { name: string; employeeId: string; changes: string[] }[];
    unchanged: number;
    missing: { name: string; employeeId: string; id: string }[];
    counts: { added: number; changed: number; missing: number };
  };
  /** Rows of the file hired after today (a warning: they are imported as written). */
  future?: { count: number; rows: { line: number; name: string; employeeId: string; hireDate: string }[] };
  /** After the import: everyone not in the file, for the bulk "left on" form (absent when there are too many). */
  missingIds?: string[];
  today?: string;
  /** The previewed file, kept on the server: the confirmation sends these back. */
  pendingId?: string;
  sha256?: string;
  fileName?: string;
  done?: string;
};

function describe(plan: ImportPlan, siteName: (id: string | null) => string, lang: Lang, t: TFunction): NonNullable<Result["plan"]> {
  const language = (v: string | null | undefined) => (isLang(v) ? LANGUAGE_NAMES[v] : v === undefined ? "" : t("import.empty"));
  const label = (field: string, v: string | null) =>
    field === "siteId" ? siteName(v) : field === "jobRole" ? (v ? roleLabel(v, lang) : "") : field === "language" && isLang(v) ? LANGUAGE_NAMES[v] : (v ?? t("import.empty"));
  return {
    // Rows without an employee id are never added or changed (planImport).
    added: plan.added
      .slice(0, LIST_MAX)
      .map((r) => ({ line: r.line, name: r.fullName, employeeId: r.employeeId ?? "", role: roleLabel(r.jobRole, lang), site: siteName(r.siteId), hireDate: r.hireDate, language: language(r.language) })),
    changed: plan.changed.slice(0, LIST_MAX).map((c) => ({
      name: c.row.fullName,
      employeeId: c.row.employeeId ?? "",
      changes: c.changes.map((x) => t("import.change", { field: t(`import.field.${x.field}`), from: label(x.field, x.from), to: label(x.field, x.to) })),
    })),
    unchanged: plan.unchanged.length,
    missing: plan.missing.slice(0, LIST_MAX).map((m) => ({ name: m.fullName, employeeId: m.employeeId ?? "", id: m.employmentId })),
    counts: { added: plan.added.length, changed: plan.changed.length, missing: plan.missing.length },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { lang, t: tr } = await getT(request, "employer");
  const form = await readForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  if (!intent.success) return data<Result>({ errors: { form: tr("errors.unknownAction") } }, { status: 400 });
  const t = now();
  let text: string;
  let fileName: string;
  let confirmed: { id: string; sha256: string } | undefined;
  if (intent.data === "import") {
    // The file previewed, as kept on the server; only its id and digest come with the confirmation.
    const confirm = Confirm.safeParse({ pendingId: form.get("pendingId"), sha256: form.get("sha256") });
    const pending = confirm.success ? getPendingImport({ id: confirm.data.pendingId, sha256: confirm.data.sha256, employerId: employer.id, adminId: admin.id }, t) : undefined;
    if (!pending) return data<Result>({ errors: { form: tr("import.previewGone") } }, { status: 409 });
    ({ csv: text, fileName } = pending);
    confirmed = pending;
  } else {
    const upload = await csvFromForm(form, tr);
    if (!upload.ok) return data<Result>({ errors: { file: upload.error } }, { status: upload.status });
    ({ text, fileName } = upload);
  }
  // A big file is read a slice at a time, so other requests are not held up meanwhile.
  // Planned again on confirmation: against the roster as it is now.
  const planned = await planRosterFile(employer, text, toIsoDate(t), yieldToEventLoop);
  if (!planned.ok) return data<Result>(importProblems(planned.errors, tr), { status: 400 });
  const { plan, ctx } = planned;
  const siteName = (id: string | null) => ctx.sites.find((s) => s.id === id)?.name ?? tr("import.noSite");
  if (!confirmed) {
    const pending = savePendingImport({ employerId: employer.id, adminId: admin.id, fileName, csv: text }, t);
    return { plan: describe(plan, siteName, lang, tr), future: future(planned.rows, ctx.today), pendingId: pending.id, sha256: pending.sha256, fileName } satisfies Result;
  }
  const applied = await applyImport({ admin, plan, fileName, fileSha256: confirmed.sha256, clientAddress: clientAddress(context) }, t, yieldToEventLoop);
  if (!applied.ok) return data<Result>({ errors: { form: tr("import.running") } }, { status: 409 });
  deletePendingImport(confirmed.id);
  return {
    done: tr("import.done", { added: applied.added, changed: applied.changed, unchanged: plan.unchanged.length, missing: plan.missing.length }),
    plan: describe(plan, siteName, lang, tr),
    missingIds: plan.missing.length <= MAX_BULK_LEAVERS ? plan.missing.map((m) => m.employmentId) : undefined,
    today: ctx.today,
  } satisfies Result;
}

/** The rows hired after today, for the preview's warning (imported as written). */
function future(rows: ImportRow[], today: string) {
  const list = futureHires(rows, today);
  return { count: list.length, rows: list.slice(0, LIST_MAX).map((r) => ({ line: r.line, name: r.fullName, employeeId: r.employeeId ?? "", hireDate: r.hireDate })) };
}

/** "…and N more": a list shows its first LIST_MAX rows. */
function More({ shown, total }: { shown: number; total: number }) {
  const t = useT("employer");
  return total > shown ? <p>{t("import.more", { count: total - shown })}</p> : null;
}

export default function Import() {
  const a = useActionData<typeof action>() as Result | undefined;
  const preview = a?.plan && a.pendingId && !a.done;
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer/roster">{t("nav.roster")}</Link>
      </p>
      <h1>{t("import.title")}</h1>
      <p>
        <Rich text={t("import.intro", { columns: REQUIRED_COLUMNS.join(", ").replaceAll("_", " ") })} tags={{ code: (x) => <code>{x}</code> }} />
      </p>
      <p>
        <a href="/employer/import-sample.csv" download>
          {t("import.sample")}
        </a>{" "}
        {t("import.sampleNote")}
      </p>
      <p>
        <Link to="/employer/leavers">{t("import.leaversLink")}</Link>
      </p>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      <ImportProblems rows={a?.rowErrors} />
      {a?.future && a.future.count > 0 ? (
        <div className="notice warn" role="status">
          <h2>{t("import.futureTitle", { count: a.future.count })}</h2>
          <p>{t("import.futureText")}</p>
          <ul>
            {a.future.rows.map((r) => (
              <li key={r.line}>{t("import.futureRow", { line: r.line, name: r.name, employeeId: r.employeeId, hireDate: r.hireDate })}</li>
            ))}
          </ul>
          <More shown={a.future.rows.length} total={a.future.count} />
        </div>
      ) : null}
      {a?.plan ? (
        <div>
          <h2>{a.done ? t("import.whatChanged") : t("import.checkFirst")}</h2>
          <p>{t("import.summary", { added: a.plan.counts.added, changed: a.plan.counts.changed, unchanged: a.plan.unchanged, missing: a.plan.counts.missing })}</p>
          {a.plan.added.length > 0 ? (
            <>
              <h3>{t("import.newTitle")}</h3>
              <TableWrap label={t("import.newTitle")} keepWords>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t("import.col.name")}</th>
                      <th scope="col">{t("import.col.employeeId")}</th>
                      <th scope="col">{t("import.col.role")}</th>
                      <th scope="col">{t("import.col.site")}</th>
                      <th scope="col">{t("import.col.hireDate")}</th>
                      <th scope="col">{t("import.col.language")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.plan.added.map((r) => (
                      <tr key={r.employeeId}>
                        <th scope="row">{r.name}</th>
                        <td>{r.employeeId}</td>
                        <td>{r.role}</td>
                        <td>{r.site}</td>
                        <td className="nowrap">{r.hireDate}</td>
                        <td>{r.language}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <More shown={a.plan.added.length} total={a.plan.counts.added} />
            </>
          ) : null}
          {a.plan.changed.length > 0 ? (
            <>
              <h3>{t("import.changedTitle")}</h3>
              <ul>
                {a.plan.changed.map((r) => (
                  <li key={r.employeeId}>{t("import.changedRow", { name: r.name, employeeId: r.employeeId, changes: r.changes.join("; ") })}</li>
                ))}
              </ul>
              <More shown={a.plan.changed.length} total={a.plan.counts.changed} />
            </>
          ) : null}
          {a.plan.missing.length > 0 ? (
            <>
              <h3>{t("import.missingTitle")}</h3>
              <ul>
                {a.plan.missing.map((r) => (
                  <li key={r.employeeId}>
                    <Link to={`/employer/workers/${r.id}`}>{r.name}</Link> ({r.employeeId})
                  </li>
                ))}
              </ul>
              <More shown={a.plan.missing.length} total={a.plan.counts.missing} />
              {a.done && a.missingIds && a.today ? (
                <LeaversForm ids={a.missingIds} today={a.today} />
              ) : a.done ? (
                <p>
                  <Link to="/employer/leavers">{t("leavers.title")}</Link>
                </p>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      {preview ? (
        <Form method="post">
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="pendingId" value={a.pendingId} />
          <input type="hidden" name="sha256" value={a.sha256} />
          <button type="submit" className="primary">
            {t("import.confirm")}
          </button>{" "}
          <Link to="/employer/import">{t("import.cancel")}</Link>
        </Form>
      ) : (
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="preview" />
          <div className="field">
            <label htmlFor="f-file">{t("import.fileLabel")}</label>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" aria-describedby="f-file-error" />
            <p className="error-text" id="f-file-error" role={a?.errors?.file ? "alert" : undefined}>
              {a?.errors?.file ?? ""}
            </p>
          </div>
          <button type="submit" className="primary">
            {t("import.check")}
          </button>
        </Form>
      )}
    </section>
  );
}
