import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { audit } from "#app/models/audit.server.ts";
import { createSite, listSites } from "#app/models/employer.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const origin = publicOrigin(request);
  return {
    pageTitle: t("sites.metaTitle"),
    employer: { name: employer.name, joinUrl: `${origin}/join/${employer.joinCode}` },
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name, joinUrl: `${origin}/join/${s.joinCode}` })),
  };
}

const AddSite = z.object({ name: z.string().trim().min(2, "employer:errors.siteNameMissing").max(80, "employer:errors.siteNameTooLong") });

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const parsed = parseWith(AddSite, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), done: null }, { status: 400 });
  const site = createSite({ employerId: employer.id, name: parsed.data.name }, now());
  if (!site) return data({ errors: { name: t("errors.siteExists") } as Record<string, string>, done: null }, { status: 409 });
  audit({ action: "roster-updated", actor: admin, clientAddress: clientAddress(context), target: { type: "site", id: site.id }, employerId: employer.id, detail: { siteAdded: site.name } }, now());
  return { errors: undefined, done: t("sites.added", { name: site.name }) };
}

export default function Sites() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("sites.title")}</h1>
      <p>{t("sites.intro")}</p>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("sites.col.site")}</th>
              <th scope="col">{t("sites.col.joinLink")}</th>
              <th scope="col">{t("sites.col.poster")}</th>
            </tr>
          </thead>
          <tbody>
            {d.sites.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>
                  <a href={s.joinUrl}>{s.joinUrl}</a>
                </td>
                <td>
                  <a href={`/employer/sites/${s.id}/poster.pdf`}>{t("sites.posterPdf")}</a>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("sites.anySite", { name: d.employer.name })}</th>
              <td>
                <a href={d.employer.joinUrl}>{d.employer.joinUrl}</a>
              </td>
              <td>
                <a href="/employer/sites/all/poster.pdf">{t("sites.posterPdf")}</a>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>{t("sites.addTitle")}</h2>
      <Form method="post" noValidate>
        <Field name="name" label={t("sites.nameLabel")} hint={t("sites.nameHint")} type="text" required error={a?.errors?.name} />
        <button type="submit" className="primary">
          {t("sites.addButton")}
        </button>
      </Form>
    </section>
  );
}
