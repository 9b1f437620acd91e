import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { useT } from "#app/components/i18n.tsx";
import { ImportProblems } from "#app/components/import-problems.tsx";
import { toIsoDate } from "#app/domain/dates.ts";
import { formatDate } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { currentWorkers, markLeftInBulk, MAX_BULK_LEAVERS, planRosterFile } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { csvFromForm, importProblems } from "#app/utils/csv-upload.server.ts";
import { localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { TerminationSchema } from "#app/utils/roster-forms.server.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";
import { yieldToEventLoop } from "#app/utils/event-loop.server.ts";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  return { pageTitle: t("leavers.metaTitle"), today: toIsoDate(now()) };
}

const Intent = z.enum(["file", "ids", "apply"]);
const Ids = z.array(z.string().min(1).max(64)).min(1).max(MAX_BULK_LEAVERS);

type Person = { id: string; name: string; employeeId: string; hireDate: string };
type Result = {
  errors?: Record<string, string>;
  rowErrors?: { line: number; message: string }[];
  /** Who would be marked as left, and on which day: nothing is written until it is confirmed. */
  preview?: { date: string; shownDate: string; people: Person[] };
  /** Nobody to mark (everyone in the file, or everyone already left). */
  nobody?: boolean;
  done?: string;
};

/**
 * POST /employer/leavers: mark the people "not in the file" as left, with one date.
 * `file` (a roster CSV, as the import reads it) or `ids` (the rows an import did not find) →
 * a preview of who and how many; `apply` (the previewed ids, the date) → all of them in one
 * transaction, or none (ADR 026).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t, lang } = await getT(request, "employer");
  const form = await readForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  if (!intent.success) return data<Result>({ errors: { form: t("errors.unknownAction") } }, { status: 400 });
  const today = toIsoDate(now());
  const date = parseWith(TerminationSchema, { terminationDate: String(form.get("terminationDate") ?? "") });
  if (!date.ok) return data<Result>({ errors: localizeErrors(date.errors, t) }, { status: 400 });
  const terminationDate = date.data.terminationDate;
  if (terminationDate > today) return data<Result>({ errors: { terminationDate: t("errors.leftInFuture") } }, { status: 400 });

  let ids: string[];
  if (intent.data === "file") {
    const upload = await csvFromForm(form, t);
    if (!upload.ok) return data<Result>({ errors: { file: upload.error } }, { status: upload.status });
    const planned = await planRosterFile(employer, upload.text, today, yieldToEventLoop);
    if (!planned.ok) return data<Result>(importProblems(planned.errors, t), { status: 400 });
    ids = planned.plan.missing.map((m) => m.employmentId);
    if (ids.length > MAX_BULK_LEAVERS) return data<Result>({ errors: { file: t("leavers.tooMany", { max: MAX_BULK_LEAVERS }) } }, { status: 400 });
  } else {
    const parsed = Ids.safeParse(form.getAll("employmentId"));
    if (!parsed.success) return data<Result>({ errors: { form: t("leavers.noneChosen") } }, { status: 400 });
    ids = parsed.data;
  }

  if (intent.data === "apply") {
    const result = markLeftInBulk({ admin, employmentIds: ids, terminationDate, clientAddress: clientAddress(context) }, now());
    if (!result.ok) {
      const names = result.names.slice(0, 20).join(", ");
      const message = result.error === "rosterChanged" ? t("leavers.rosterChanged", { names }) : t("leavers.hiredAfter", { names });
      return data<Result>({ errors: { form: message } }, { status: 409 });
    }
    return { done: t("leavers.done", { count: result.count, date: formatDate(terminationDate, lang) }) } satisfies Result;
  }

  const people = currentWorkers(employer.id, ids);
  if (people.length === 0) return { nobody: true } satisfies Result;
  const early = people.filter((p) => p.hireDate > terminationDate);
  if (early.length > 0) {
    return data<Result>({ errors: { terminationDate: t("leavers.hiredAfter", { names: early.slice(0, 20).map((p) => p.fullName).join(", ") }) } }, { status: 400 });
  }
  return {
    preview: { date: terminationDate, shownDate: formatDate(terminationDate, lang), people: people.map((p) => ({ id: p.id, name: p.fullName, employeeId: p.employeeId ?? "", hireDate: p.hireDate })) },
  } satisfies Result;
}

export default function Leavers() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as Result | undefined;
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer/roster">{t("nav.roster")}</Link> · <Link to="/employer/import">{t("dashboard.actions.import")}</Link>
      </p>
      <h1>{t("leavers.title")}</h1>
      <p>{t("leavers.intro")}</p>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      <ImportProblems rows={a?.rowErrors} />
      {a?.nobody ? (
        <p className="notice ok" role="status">
          {t("leavers.nobody")}
        </p>
      ) : null}
      {a?.preview ? (
        <div>
          <h2>{t("leavers.previewTitle", { count: a.preview.people.length, date: a.preview.shownDate })}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="apply" />
            <input type="hidden" name="terminationDate" value={a.preview.date} />
            <p>{t("leavers.untick")}</p>
            <TableWrap label={t("leavers.previewTitle", { count: a.preview.people.length, date: a.preview.shownDate })} keepWords>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("leavers.col.left")}</th>
                    <th scope="col">{t("import.col.name")}</th>
                    <th scope="col">{t("import.col.employeeId")}</th>
                    <th scope="col">{t("import.col.hireDate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.preview.people.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <input type="checkbox" name="employmentId" value={p.id} defaultChecked aria-label={t("leavers.tick", { name: p.name })} />
                      </td>
                      <th scope="row">
                        <Link to={`/employer/workers/${p.id}`}>{p.name}</Link>
                      </th>
                      <td>{p.employeeId}</td>
                      <td className="nowrap">{p.hireDate}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <p>{t("leavers.confirmNote")}</p>
            <button type="submit" className="primary">
              {t("leavers.confirm", { date: a.preview.shownDate })}
            </button>{" "}
            <Link to="/employer/leavers">{t("import.cancel")}</Link>
          </Form>
        </div>
      ) : (
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="file" />
          <div className="field">
            <label htmlFor="f-file">{t("leavers.fileLabel")}</label>
            <input id="f-file" type="file" name="file" accept=".csv,text/csv" aria-describedby="f-file-error" />
            <p className="error-text" id="f-file-error" role={a?.errors?.file ? "alert" : undefined}>
              {a?.errors?.file ?? ""}
            </p>
          </div>
          <div className="field">
            <label htmlFor="f-left-on">{t("leavers.dateLabel")}</label>
            <input id="f-left-on" type="date" name="terminationDate" defaultValue={d.today} max={d.today} required aria-describedby="f-left-on-error" />
            <p className="error-text" id="f-left-on-error" role={a?.errors?.terminationDate ? "alert" : undefined}>
              {a?.errors?.terminationDate ?? ""}
            </p>
          </div>
          <button type="submit" className="primary">
            {t("leavers.check")}
          </button>
        </Form>
      )}
    </section>
  );
}
