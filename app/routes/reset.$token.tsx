import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { completeReset, findResetLink } from "#app/models/account.server.ts";
import { homeFor, signIn } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordProblem } from "#app/utils/password-policy.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { PASSWORD_MIN } from "#app/domain/password-policy.ts";

export const meta: MetaFunction = () => [{ title: "Set your password · Frontline Ready" }];

function requireLink(token: string | undefined) {
  const found = token ? findResetLink(token, now()) : undefined;
  if (!found) {
    throw data("This link is not valid: it has expired or was already used. Ask for a new one from the sign-in page.", { status: 404 });
  }
  return found;
}

const Schema = z.object({
  password: z.string().min(1, "Choose a password").max(1024, "That password is too long"),
  confirm: z.string().max(1024, "That password is too long"),
});

export async function loader({ params }: LoaderFunctionArgs) {
  const { user } = requireLink(params.token);
  return { name: user.name, username: user.username };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, reset } = requireLink(params.token);
  const parsed = parseWith(Schema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const problem = newPasswordProblem(parsed.data.password, user.username);
  if (problem) return data({ errors: { password: problem } as Record<string, string> }, { status: 400 });
  if (parsed.data.confirm !== parsed.data.password) {
    return data({ errors: { confirm: "The two passwords are not the same" } as Record<string, string> }, { status: 400 });
  }
  const done = await completeReset({ resetId: reset.id, user, newPassword: parsed.data.password, clientAddress: clientAddress(context) }, now());
  if (!done) throw data("This link was just used. Ask for a new one from the sign-in page.", { status: 409 });
  return signIn(request, user, homeFor(user));
}

export default function SetPassword() {
  const { name, username } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  return (
    <section className="card">
      <h1>Set your password</h1>
      <p>
        For {name} (username <strong>{username}</strong>).
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <Field name="password" label="New password" hint={`At least ${PASSWORD_MIN} characters. A short sentence is easy to remember.`} type="password" autoComplete="new-password" required error={errors?.password} />
        <Field name="confirm" label="New password again" type="password" autoComplete="new-password" required error={errors?.confirm} />
        <button type="submit" className="primary">
          Set password and sign in
        </button>
      </Form>
    </section>
  );
}
