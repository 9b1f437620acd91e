import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { WorkerFields } from "#app/components/worker-form.tsx";
import { toIsoDate } from "#app/domain/dates.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { Lang } from "#app/i18n/translate.ts";
import { roleLabel, rolesForSector } from "#app/server/content.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { addWorker, rosterRowContext } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { parseWorkerForm } from "#app/utils/roster-forms.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

function options(employer: { id: string; sector: string }, lang: Lang) {
  return {
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: roleLabel(r.id, lang) })),
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name })),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { lang, t } = await getT(request, "employer");
  return { pageTitle: t("newWorker.metaTitle"), ...options(employer, lang), today: toIsoDate(now()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const values = formValues(await readForm(request));
  const parsed = parseWorkerForm(values, rosterRowContext(employer, toIsoDate(now())), t);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = addWorker({ admin, fields: parsed.fields, clientAddress: clientAddress(context) }, now());
  if (!result.ok) return data({ errors: { [result.field]: t(`errors.${result.error}`) } as Record<string, string>, values }, { status: 409 });
  return redirect(`/employer/workers/${result.employment.id}`);
}

export default function AddWorker() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer/roster">{t("nav.roster")}</Link>
      </p>
      <h1>{t("newWorker.title")}</h1>
      <p>{t("newWorker.intro")}</p>
      <ErrorSummary errors={a?.errors} />
      <Form method="post" noValidate>
        <WorkerFields values={a?.values ?? { hireDate: d.today }} errors={a?.errors} roles={d.roles} sites={d.sites} />
        <button type="submit" className="primary">
          {t("newWorker.submit")}
        </button>
      </Form>
    </section>
  );
}
