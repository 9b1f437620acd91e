import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { rolesForSector } from "#app/models/content.server.ts";
import { getEmployerByJoinCode } from "#app/models/employer.server.ts";
import { activeEmploymentAt, createWorkerFromJoin, joinEmployer } from "#app/models/user.server.ts";
import { getUser, requireWorkerAccount, signIn } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordProblem } from "#app/utils/password-policy.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { minutesText, throttles, retryAfterHeaders } from "#app/utils/throttle.server.ts";

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Join ${data.employer} · Frontline Ready` : "Join · Frontline Ready" },
];

/** The employer behind a join code. Unknown codes count against the client's address,
 * so join codes cannot be found by trying many. */
function findEmployer(joinCode: string | undefined, context: AppLoadContext) {
  const address = clientAddress(context);
  const verdict = throttles.joinCodeByAddress.check(address, now());
  if (!verdict.ok) {
    throw data(`Too many join links tried from your network. Wait ${minutesText(verdict.retryAfterSeconds)} and try again.`, {
      status: 429,
      headers: { "Retry-After": String(verdict.retryAfterSeconds) },
    });
  }
  const employer = joinCode && joinCode.length <= 64 ? getEmployerByJoinCode(joinCode) : undefined;
  if (!employer) {
    throttles.joinCodeByAddress.fail(address, now());
    throw data("This join link is not valid. Check the link or QR code from your employer.", { status: 404 });
  }
  return employer;
}

function joinSchema(roleIds: [string, ...string[]]) {
  return z.object({
    name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters for your name"),
    username: z
      .string()
      .trim()
      .min(3, "Choose a username of at least 3 characters")
      .max(32, "Use at most 32 characters for your username")
      .regex(/^[A-Za-z0-9._-]+$/, "Use only letters, numbers, dots, dashes and underscores in your username"),
    password: z.string().min(1, "Choose a password").max(1024, "That password is too long"),
    role: z.enum(roleIds, { error: "Choose the job you do" }),
  });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const employer = findEmployer(params.joinCode, context);
  const user = await getUser(request);
  return {
    employer: employer.name,
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: r.label })),
    signedIn: user ? { name: user.name, isWorker: user.kind === "worker", alreadyHere: user.kind === "worker" && !!activeEmploymentAt(user.id, employer.id) } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const employer = findEmployer(params.joinCode, context);
  const roles = rolesForSector(employer.sector).map((r) => r.id) as [string, ...string[]];
  const values = formValues(await readForm(request));

  if (values.intent === "add-employer") {
    // A worker who already has an account adds this employer to it: one person, one
    // account, and their certificates stay with them from job to job.
    const user = await requireWorkerAccount(request);
    const parsed = parseWith(z.object({ role: z.enum(roles, { error: "Choose the job you do" }) }), values);
    if (!parsed.ok) return data({ errors: parsed.errors, values: { name: "", username: "", role: values.role ?? "" } }, { status: 400 });
    const added = joinEmployer({ user, employer, jobRole: parsed.data.role, clientAddress: clientAddress(context) }, now());
    if (!added) {
      return data({ errors: { form: `You already work at ${employer.name} on Frontline Ready.` } as Record<string, string>, values: { name: "", username: "", role: "" } }, { status: 409 });
    }
    return redirect("/learn");
  }

  const parsed = parseWith(joinSchema(roles), values);
  const echo = { name: values.name ?? "", username: values.username ?? "", role: values.role ?? "" };
  if (!parsed.ok) return data({ errors: parsed.errors, values: echo }, { status: 400 });
  const problem = newPasswordProblem(parsed.data.password, parsed.data.username);
  if (problem) return data({ errors: { password: problem } as Record<string, string>, values: echo }, { status: 400 });
  const result = await createWorkerFromJoin(
    { name: parsed.data.name, username: parsed.data.username, password: parsed.data.password, jobRole: parsed.data.role },
    employer,
    now(),
    clientAddress(context),
  );
  if (!result.ok) {
    return data(
      { errors: { username: "That username is taken. Try adding a number or your last name." }, values: echo },
      { status: 409 },
    );
  }
  return signIn(request, result.user, "/learn");
}

function RoleChoices({ roles, selected, error }: { roles: { id: string; label: string }[]; selected?: string; error?: string }) {
  return (
    <fieldset className="field" aria-describedby="f-role-error">
      <legend id="f-role">Your job</legend>
      {roles.map((r) => (
        <label key={r.id} className="choice">
          <input type="radio" name="role" value={r.id} defaultChecked={selected === r.id} required />
          <span>{r.label}</span>
        </label>
      ))}
      <p className="error-text" id="f-role-error" role={error ? "alert" : undefined}>
        {error ?? ""}
      </p>
    </fieldset>
  );
}

export default function Join() {
  const { employer, roles, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  if (signedIn?.isWorker) {
    return (
      <section className="card">
        <h1>Join {employer} on Frontline Ready</h1>
        <ErrorSummary errors={errors} />
        {signedIn.alreadyHere ? (
          <p className="notice">
            You are signed in as {signedIn.name} and already work at {employer} on Frontline Ready.{" "}
            <Link to="/learn">Go to your training</Link>.
          </p>
        ) : (
          <Form method="post" noValidate>
            <p>
              You are signed in as {signedIn.name}. Add {employer} to your account: you keep your account and your
              certificates. Just tell us your job at {employer}.
            </p>
            <input type="hidden" name="intent" value="add-employer" />
            <RoleChoices roles={roles} selected={values?.role} error={errors?.role} />
            <button type="submit" className="primary">
              Add {employer} to my account
            </button>
          </Form>
        )}
      </section>
    );
  }
  return (
    <section className="card">
      <h1>Join {employer} on Frontline Ready</h1>
      <p>
        Create your account to take your anti-trafficking training. You do not need an email address. Your progress
        is saved, so you can stop and come back at any time.
      </p>
      {signedIn ? (
        <p className="notice">You are signed in as {signedIn.name}. Creating an account here signs you in as the new account.</p>
      ) : (
        <p className="meta">
          Already have a Frontline Ready account from another job?{" "}
          <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>Sign in first</Link>, and your
          certificates stay with you.
        </p>
      )}
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <Field name="name" label="Your full name" hint="As it should appear on your certificate." type="text" autoComplete="name" required defaultValue={values?.name} error={errors?.name} />
        <Field
          name="username"
          label="Choose a username"
          hint="You will use it to sign in. Letters, numbers, dots or dashes."
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={values?.username}
          error={errors?.username}
        />
        <Field name="password" label="Choose a password" hint="At least 10 characters. A short sentence is easy to remember." type="password" autoComplete="new-password" required error={errors?.password} />
        <RoleChoices roles={roles} selected={values?.role} error={errors?.role} />
        <button type="submit" className="primary">
          Create account and start
        </button>
      </Form>
    </section>
  );
}
