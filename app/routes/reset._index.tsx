import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { completeReset, findResetCode } from "#app/models/account.server.ts";
import { signInKey } from "#app/models/user.server.ts";
import { homeFor, signIn } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordProblem } from "#app/utils/password-policy.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { checkAll, failAll, throttles, tooManyAttempts, type Throttle, retryAfterHeaders } from "#app/utils/throttle.server.ts";
import { PASSWORD_MIN } from "#app/domain/password-policy.ts";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = () => [{ title: "Reset your password · Frontline Ready" }];

const Schema = z.object({
  username: z.string().trim().min(1, "Enter your username").max(254, "That username is too long"),
  code: z.string().trim().min(1, "Enter the reset code from your manager").max(40, "That code is too long"),
  password: z.string().min(1, "Choose a new password").max(1024, "That password is too long"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const values = formValues(await readForm(request));
  const parsed = parseWith(Schema, values);
  const echo = { username: values.username ?? "" };
  if (!parsed.ok) return data({ ...echo, errors: parsed.errors }, { status: 400 });
  const { username, code, password } = parsed.data;
  const address = clientAddress(context);
  const buckets: [Throttle, string][] = [
    [throttles.resetCodeByAccount, signInKey(username)],
    [throttles.resetCodeByAddress, address],
  ];
  const verdict = checkAll(buckets, now());
  if (!verdict.ok) return tooManyAttempts(verdict, echo);
  const found = findResetCode(username, code, now());
  if (!found) {
    failAll(buckets, now());
    return data(
      { ...echo, errors: { code: "That username and code do not match, or the code has expired or been used. Ask your manager for a new code." } as Record<string, string> },
      { status: 400 },
    );
  }
  const problem = newPasswordProblem(password, found.user.username);
  if (problem) return data({ ...echo, errors: { password: problem } as Record<string, string> }, { status: 400 });
  const done = await completeReset({ resetId: found.reset.id, user: found.user, newPassword: password, clientAddress: address }, now());
  if (!done) return data({ ...echo, errors: { code: "That code has just been used. Ask your manager for a new code." } as Record<string, string> }, { status: 409 });
  return signIn(request, found.user, homeFor(found.user));
}

export default function ResetWithCode() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <section className="card">
      <h1>Reset your password with a code</h1>
      <p>Your manager can give you a reset code. It works once, for 3 days.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <Field name="username" label="Your username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required defaultValue={actionData?.username} error={errors?.username} />
        <Field name="code" label="Reset code" hint="Like K7QM3-XPA9D. Dashes and spaces do not matter." type="text" autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} required error={errors?.code} />
        <Field name="password" label="New password" hint={`At least ${PASSWORD_MIN} characters. A short sentence is easy to remember.`} type="password" autoComplete="new-password" required error={errors?.password} />
        <button type="submit" className="primary">
          Set new password
        </button>
      </Form>
      <p className="meta">
        Have an email address on your account? <Link to="/forgot">Get a reset link by email</Link>.
      </p>
    </section>
  );
}
