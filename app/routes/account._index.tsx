import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getEmployer } from "#app/models/employer.server.ts";
import { getCurrentEmployment } from "#app/models/user.server.ts";
import { homeFor, requireUser } from "#app/utils/auth.server.ts";

export const meta: MetaFunction = () => [{ title: "Your account · Frontline Ready" }];

const KIND_LABEL = {
  worker: "Worker",
  employer_admin: "Employer administrator",
  council: "Council auditor",
  platform_admin: "Platform administrator",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const employerId = user.kind === "worker" ? getCurrentEmployment(user.id)?.employer.id : user.employerId;
  const employer = employerId ? getEmployer(employerId) : undefined;
  return {
    name: user.name,
    username: user.username,
    email: user.email,
    kind: KIND_LABEL[user.kind],
    employer: employer?.name ?? null,
    jurisdiction: user.jurisdiction,
    home: homeFor(user),
  };
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{d.name}</dd>
        <dt>Username</dt>
        <dd>{d.username}</dd>
        {d.email ? (
          <>
            <dt>Email</dt>
            <dd>{d.email}</dd>
          </>
        ) : null}
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
      <p>
        <Link to="/account/password">Change your password</Link>
      </p>
      <p>
        <Link to={d.home}>Back to your start page</Link>
      </p>
    </section>
  );
}
