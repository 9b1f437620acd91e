import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { rolesForSector } from "#app/models/content.server.ts";
import { findJoinTarget } from "#app/models/employer.server.ts";
import { activeEmploymentAt, createWorkerFromJoin, joinEmployer, type JoinResult, type JoinTarget } from "#app/models/user.server.ts";
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
function findTarget(joinCode: string | undefined, context: AppLoadContext): JoinTarget & { siteName: string | null } {
  const address = clientAddress(context);
  const verdict = throttles.joinCodeByAddress.check(address, now());
  if (!verdict.ok) {
    throw data(`Too many join links tried from your network. Wait ${minutesText(verdict.retryAfterSeconds)} and try again.`, {
      status: 429,
      headers: { "Retry-After": String(verdict.retryAfterSeconds) },
    });
  }
  const target = joinCode && joinCode.length <= 64 ? findJoinTarget(joinCode) : undefined;
  if (!target) {
    throttles.joinCodeByAddress.fail(address, now());
    throw data("This join link is not valid. Check the link or QR code from your employer.", { status: 404 });
  }
  return target;
}

const EmployeeId = z
  .string()
  .trim()
  .max(40, "That employee ID is too long")
  .transform((v) => v || undefined)
  .optional();

/** Role and employee id: with an employee id the employer's roster says the role. */
function jobSchema(roleIds: [string, ...string[]]) {
  return z
    .object({ role: z.enum(roleIds, { error: "Choose the job you do" }).optional(), employeeId: EmployeeId })
    .refine((v) => v.role || v.employeeId, { path: ["role"], message: "Choose the job you do" });
}

function joinSchema(roleIds: [string, ...string[]]) {
  return z
    .object({
      name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters for your name"),
      username: z
        .string()
        .trim()
        .min(3, "Choose a username of at least 3 characters")
        .max(32, "Use at most 32 characters for your username")
        .regex(/^[A-Za-z0-9._-]+$/, "Use only letters, numbers, dots, dashes and underscores in your username"),
      password: z.string().min(1, "Choose a password").max(1024, "That password is too long"),
    })
    .and(jobSchema(roleIds));
}

type Echo = { name: string; username: string; role: string; employeeId: string };

/** Why a join was refused, as a status and a message on the right field. */
function refusal(reason: Exclude<JoinResult, { ok: true }>["reason"], employerName: string, echo: Echo) {
  const answer = (status: number, errors: Record<string, string>) => data({ errors, values: echo }, { status });
  switch (reason) {
    case "username-taken":
      return answer(409, { username: "That username is taken. Try adding a number or your last name." });
    case "employee-id-unknown":
      return answer(400, { employeeId: `${employerName} has no one waiting to join with that employee ID. Check it, or leave it empty and choose your job.` });
    case "already-employed":
      return answer(409, { form: `You already work at ${employerName} on Frontline Ready.` });
    case "role-required":
      return answer(400, { role: "Choose the job you do" });
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { employer, siteName } = findTarget(params.joinCode, context);
  const user = await getUser(request);
  return {
    employer: employer.name,
    site: siteName,
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: r.label })),
    signedIn: user ? { name: user.name, isWorker: user.kind === "worker", alreadyHere: user.kind === "worker" && !!activeEmploymentAt(user.id, employer.id) } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const target = findTarget(params.joinCode, context);
  const { employer } = target;
  const roles = rolesForSector(employer.sector).map((r) => r.id) as [string, ...string[]];
  const values = formValues(await readForm(request));
  const echo: Echo = { name: values.name ?? "", username: values.username ?? "", role: values.role ?? "", employeeId: values.employeeId ?? "" };

  if (values.intent === "add-employer") {
    // A worker who already has an account adds this employer to it: one person, one
    // account, and their certificates stay with them from job to job.
    const user = await requireWorkerAccount(request);
    const parsed = parseWith(jobSchema(roles), values);
    if (!parsed.ok) return data({ errors: parsed.errors, values: echo }, { status: 400 });
    const added = joinEmployer({ user, target, jobRole: parsed.data.role, employeeId: parsed.data.employeeId, clientAddress: clientAddress(context) }, now());
    if (!added.ok) return refusal(added.reason, employer.name, echo);
    return redirect("/learn");
  }

  const parsed = parseWith(joinSchema(roles), values);
  if (!parsed.ok) return data({ errors: parsed.errors, values: echo }, { status: 400 });
  const problem = newPasswordProblem(parsed.data.password, parsed.data.username);
  if (problem) return data({ errors: { password: problem } as Record<string, string>, values: echo }, { status: 400 });
  const result = await createWorkerFromJoin(
    { name: parsed.data.name, username: parsed.data.username, password: parsed.data.password, jobRole: parsed.data.role, employeeId: parsed.data.employeeId },
    target,
    now(),
    clientAddress(context),
  );
  if (!result.ok) return refusal(result.reason, employer.name, echo);
  return signIn(request, result.user, "/learn");
}

function EmployeeIdField({ value, error }: { value?: string; error?: string }) {
  return (
    <Field
      name="employeeId"
      label="Employee ID (if your employer gave you one)"
      hint="If your employer already added you, your job and hire date come from their records."
      type="text"
      autoCapitalize="none"
      spellCheck={false}
      defaultValue={value}
      error={error}
    />
  );
}

function RoleChoices({ roles, selected, error }: { roles: { id: string; label: string }[]; selected?: string; error?: string }) {
  return (
    <fieldset className="field" aria-describedby="f-role-error">
      <legend id="f-role">Your job (not needed with an employee ID)</legend>
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
  const { employer: employerName, site, roles, signedIn } = useLoaderData<typeof loader>();
  const employer = site ? `${employerName} (${site})` : employerName;
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
            <EmployeeIdField value={values?.employeeId} error={errors?.employeeId} />
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
        <EmployeeIdField value={values?.employeeId} error={errors?.employeeId} />
        <RoleChoices roles={roles} selected={values?.role} error={errors?.role} />
        <button type="submit" className="primary">
          Create account and start
        </button>
      </Form>
    </section>
  );
}
