import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/field.tsx";
import { WorkerFields } from "#app/components/worker-form.tsx";
import { toIsoDate } from "#app/domain/expiry.ts";
import { rolesForSector } from "#app/models/content.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { addWorker } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { workerFieldsSchema } from "#app/utils/roster-forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Add a worker · Frontline Ready" }];

function options(employer: { id: string; sector: string }) {
  return {
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: r.label })),
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name })),
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  return { ...options(employer), today: toIsoDate(now()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { roles, sites } = options(employer);
  const values = formValues(await readForm(request));
  const parsed = parseWith(workerFieldsSchema(roles.map((r) => r.id), sites.map((s) => s.id)), values);
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const result = addWorker({ admin, fields: parsed.data, clientAddress: clientAddress(context) }, now());
  if (!result.ok) return data({ errors: { [result.field]: result.message } as Record<string, string>, values }, { status: 409 });
  return redirect(`/employer/workers/${result.employment.id}`);
}

export default function AddWorker() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <section className="card">
      <p>
        <Link to="/employer/roster">← Roster</Link>
      </p>
      <h1>Add a worker</h1>
      <p>The worker then joins with their employee ID and your join link, and their training is tracked against this hire date.</p>
      <ErrorSummary errors={a?.errors} />
      <Form method="post" noValidate>
        <WorkerFields values={a?.values ?? { hireDate: d.today }} errors={a?.errors} roles={d.roles} sites={d.sites} />
        <button type="submit" className="primary">
          Add to roster
        </button>
      </Form>
    </section>
  );
}
