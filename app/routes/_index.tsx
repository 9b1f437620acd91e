import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getUser, homeFor } from "#app/utils/auth.server.ts";

export const meta: MetaFunction = () => [
  { title: "Frontline Ready · Anti-trafficking training for hotel and transit workers" },
  {
    name: "description",
    content: "Short, clear training to recognize and respond to human trafficking, with certificates anyone can verify.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return { home: user ? homeFor(user) : null, name: user?.name ?? null };
}

export default function Index() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Recognize human trafficking. Know what to do.</h1>
      <p>
        Frontline Ready is short, clear training for hotel and transit workers: the signs to notice in your job, what to
        do (and what not to do), and who to call. Finish it on your phone, in your own time, and get a certificate your
        employer and inspectors can check.
      </p>
      <div className="actions">
        {d.home ? (
          <Link className="button" to={d.home}>
            Continue, {d.name}
          </Link>
        ) : (
          <Link className="button" to="/login">
            Sign in
          </Link>
        )}
        <Link className="button secondary" to="/verify">
          Verify a certificate
        </Link>
      </div>
      <section className="card">
        <h2>New here?</h2>
        <p>
          Your employer gives you a join link or a QR code. Open it, choose a username and password (no email needed),
          and start. You can stop at any time and continue later.
        </p>
      </section>
    </>
  );
}
