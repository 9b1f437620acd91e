import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getEmployer } from "#app/models/employer.server.ts";
import { requireUser } from "#app/utils/auth.server.ts";

export const meta: MetaFunction = () => [{ title: "Your account · Frontline Ready" }];

const KIND_LABEL = {
  worker: "Worker",
  employer_admin: "Employer administrator",
  council: "Council auditor",
  platform_admin: "Platform administrator",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (user.kind === "worker") throw redirect("/learn");
  const employer = user.employerId ? getEmployer(user.employerId) : undefined;
  return {
    name: user.name,
    username: user.username,
    kind: KIND_LABEL[user.kind],
    employer: employer?.name ?? null,
    jurisdiction: user.jurisdiction,
  };
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Welcome, {d.name}</h1>
      <dl className="facts">
        <dt>Username</dt>
        <dd>{d.username}</dd>
        <dt>Account</dt>
        <dd>{d.kind}</dd>
        {d.employer ? (
          <>
            <dt>Employer</dt>
            <dd>{d.employer}</dd>
          </>
        ) : null}
        {d.jurisdiction ? (
          <>
            <dt>Jurisdiction</dt>
            <dd>{d.jurisdiction}</dd>
          </>
        ) : null}
      </dl>
      <p className="notice">
        Rosters, reports and audits for your account type are on the way. Meanwhile anyone can check a worker's
        certificate on the <a href="/verify">verify page</a>.
      </p>
    </section>
  );
}
