import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { rolesForSector } from "#app/models/content.server.ts";
import { getEmployerByJoinCode } from "#app/models/employer.server.ts";
import { createWorkerFromJoin } from "#app/models/user.server.ts";
import { getUser, signIn } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Join ${data.employer} · Frontline Ready` : "Join · Frontline Ready" },
];

function findEmployer(joinCode: string | undefined) {
  const employer = joinCode && joinCode.length <= 64 ? getEmployerByJoinCode(joinCode) : undefined;
  if (!employer) {
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
    password: z
      .string()
      .min(10, "Choose a password of at least 10 characters")
      .max(1024, "That password is too long"),
    role: z.enum(roleIds, { error: "Choose the job you do" }),
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const employer = findEmployer(params.joinCode);
  const user = await getUser(request);
  return {
    employer: employer.name,
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: r.label })),
    signedInAs: user ? user.name : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const employer = findEmployer(params.joinCode);
  const roles = rolesForSector(employer.sector).map((r) => r.id) as [string, ...string[]];
  const values = formValues(await readForm(request));
  const parsed = parseWith(joinSchema(roles), values);
  const echo = { name: values.name ?? "", username: values.username ?? "", role: values.role ?? "" };
  if (!parsed.ok) return data({ errors: parsed.errors, values: echo }, { status: 400 });
  const result = await createWorkerFromJoin(
    { name: parsed.data.name, username: parsed.data.username, password: parsed.data.password, jobRole: parsed.data.role },
    employer,
    now(),
  );
  if (!result.ok) {
    return data(
      { errors: { username: "That username is taken. Try adding a number or your last name." }, values: echo },
      { status: 409 },
    );
  }
  return signIn(request, result.user.id, "/learn");
}

export default function Join() {
  const { employer, roles, signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  return (
    <section className="card">
      <h1>Join {employer} on Frontline Ready</h1>
      <p>
        Create your account to take your anti-trafficking training. You do not need an email address. Your progress
        is saved, so you can stop and come back at any time.
      </p>
      {signedInAs ? (
        <p className="notice">
          You are signed in as {signedInAs}. Creating an account here signs you in as the new account.
        </p>
      ) : null}
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
        <fieldset className="field" aria-describedby="f-role-error">
          <legend id="f-role">Your job</legend>
          {roles.map((r) => (
            <label key={r.id} className="choice">
              <input type="radio" name="role" value={r.id} defaultChecked={values?.role === r.id} required />
              <span>{r.label}</span>
            </label>
          ))}
          <p className="error-text" id="f-role-error" role={errors?.role ? "alert" : undefined}>
            {errors?.role ?? ""}
          </p>
        </fieldset>
        <button type="submit" className="primary">
          Create account and start
        </button>
      </Form>
    </section>
  );
}
