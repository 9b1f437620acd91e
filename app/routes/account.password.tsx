import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { changePassword } from "#app/models/account.server.ts";
import { homeFor, requireUser, signIn } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordProblem } from "#app/utils/password-policy.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { PASSWORD_MIN } from "#app/domain/password-policy.ts";

export const meta: MetaFunction = () => [{ title: "Change your password · Frontline Ready" }];

const Schema = z.object({
  current: z.string().min(1, "Enter your current password").max(1024, "That password is too long"),
  password: z.string().min(1, "Choose a new password").max(1024, "That password is too long"),
  confirm: z.string().max(1024, "That password is too long"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseWith(Schema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const problem = newPasswordProblem(parsed.data.password, user.username);
  if (problem) return data({ errors: { password: problem } as Record<string, string> }, { status: 400 });
  if (parsed.data.confirm !== parsed.data.password) {
    return data({ errors: { confirm: "The two new passwords are not the same" } as Record<string, string> }, { status: 400 });
  }
  const changed = await changePassword(
    { user, current: parsed.data.current, next: parsed.data.password, clientAddress: clientAddress(context) },
    now(),
  );
  if (!changed) return data({ errors: { current: "That is not your current password" } as Record<string, string> }, { status: 400 });
  // Every session ended with the change, this one too; this device gets a fresh one.
  return signIn(request, user, homeFor(user));
}

export default function ChangePassword() {
  const errors = useActionData<typeof action>()?.errors;
  return (
    <section className="card">
      <h1>Change your password</h1>
      <p>Changing your password signs you out everywhere else, for example on a shared phone.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <Field name="current" label="Current password" type="password" autoComplete="current-password" required error={errors?.current} />
        <Field name="password" label="New password" hint={`At least ${PASSWORD_MIN} characters. A short sentence is easy to remember.`} type="password" autoComplete="new-password" required error={errors?.password} />
        <Field name="confirm" label="New password again" type="password" autoComplete="new-password" required error={errors?.confirm} />
        <button type="submit" className="primary">
          Change password
        </button>
      </Form>
      <p>
        <Link to="/account">Back to your account</Link>
      </p>
    </section>
  );
}
