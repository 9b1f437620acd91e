import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { verifyLogin } from "#app/models/user.server.ts";
import { getUser, homeFor, safeRedirect, signIn } from "#app/utils/auth.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";

export const meta: MetaFunction = () => [{ title: "Sign in · Frontline Ready" }];

const LoginSchema = z.object({
  username: z.string().trim().min(1, "Enter your username").max(200, "That username is too long"),
  password: z.string().min(1, "Enter your password").max(1024, "That password is too long"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const values = formValues(await readForm(request));
  const parsed = parseWith(LoginSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, username: values.username ?? "" }, { status: 400 });
  const user = await verifyLogin(parsed.data.username, parsed.data.password);
  if (!user) {
    // One message whether the username exists or not.
    return data(
      { errors: { form: "That username and password do not match. Check both and try again." }, username: parsed.data.username },
      { status: 401 },
    );
  }
  return signIn(request, user.id, safeRedirect(parsed.data.redirectTo, homeFor(user)));
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <section className="card">
      <h1>Sign in</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          name="username"
          label="Username"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={actionData?.username ?? ""}
          error={errors?.username}
        />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required error={errors?.password} />
        <button type="submit" className="primary">
          Sign in
        </button>
      </Form>
      <p className="meta">
        New here? Use the join link or QR code your employer gave you. <Link to="/">About Frontline Ready</Link>
      </p>
    </section>
  );
}
