import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { audit } from "#app/models/audit.server.ts";
import { createSite, listSites } from "#app/models/employer.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction = () => [{ title: "Sites and posters · Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const origin = publicOrigin(request);
  return {
    employer: { name: employer.name, joinUrl: `${origin}/join/${employer.joinCode}` },
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name, joinUrl: `${origin}/join/${s.joinCode}` })),
  };
}

const AddSite = z.object({ name: z.string().trim().min(2, "Enter the site's name").max(80, "Use at most 80 characters") });

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const parsed = parseWith(AddSite, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: parsed.errors, done: null }, { status: 400 });
  const site = createSite({ employerId: employer.id, name: parsed.data.name }, now());
  if (!site) return data({ errors: { name: "You already have a site with that name" } as Record<string, string>, done: null }, { status: 409 });
  audit({ action: "roster-updated", actor: admin, clientAddress: clientAddress(context), target: { type: "site", id: site.id }, employerId: employer.id, detail: { siteAdded: site.name } }, now());
  return { errors: undefined, done: `Site "${site.name}" added with its own join link and poster.` };
}

export default function Sites() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <section className="card">
      <p>
        <Link to="/employer">← Dashboard</Link>
      </p>
      <h1>Sites and posters</h1>
      <p>Each site has its own join link and a poster to print for the break room. Workers who join through it are placed at that site.</p>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Join link</th>
              <th scope="col">Poster</th>
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
                  <a href={`/employer/sites/${s.id}/poster.pdf`}>Poster (PDF)</a>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{d.employer.name} (any site)</th>
              <td>
                <a href={d.employer.joinUrl}>{d.employer.joinUrl}</a>
              </td>
              <td>
                <a href="/employer/sites/all/poster.pdf">Poster (PDF)</a>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>Add a site</h2>
      <Form method="post" noValidate>
        <Field name="name" label="Site name" hint="For example: Downtown hotel, North garage." type="text" required error={a?.errors?.name} />
        <button type="submit" className="primary">
          Add site
        </button>
      </Form>
    </section>
  );
}
