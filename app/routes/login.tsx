import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { audit } from "#app/models/audit.server.ts";
import { signInKey, verifyLogin } from "#app/models/user.server.ts";
import { getUser, homeFor, safeRedirect, signIn } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { checkAll, failAll, throttles, tooManyAttempts, type Throttle, retryAfterHeaders } from "#app/utils/throttle.server.ts";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = () => [{ title: "Sign in · Frontline Ready" }];

const LoginSchema = z.object({
  username: z.string().trim().min(1, "Enter your username or email address").max(254, "That username is too long"),
  password: z.string().min(1, "Enter your password").max(1024, "That password is too long"),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const values = formValues(await readForm(request));
  const parsed = parseWith(LoginSchema, values);
  if (!parsed.ok) return data({ errors: parsed.errors, username: values.username ?? "" }, { status: 400 });
  const address = clientAddress(context);
  const key = signInKey(parsed.data.username);
  const buckets: [Throttle, string][] = [
    [throttles.signInByAccount, key],
    [throttles.signInByAddress, address],
  ];
  const verdict = checkAll(buckets, now());
  if (!verdict.ok) return tooManyAttempts(verdict, { username: parsed.data.username });

  const user = await verifyLogin(parsed.data.username, parsed.data.password);
  if (!user) {
    failAll(buckets, now());
    audit({ action: "sign-in-failed", clientAddress: address, detail: { name: key } }, now());
    // One message and one status whether the account exists or not.
    return data(
      { errors: { form: "That username and password do not match. Check both and try again." } as Record<string, string>, username: parsed.data.username },
      { status: 401 },
    );
  }
  throttles.signInByAccount.clear(key);
  audit({ action: "sign-in", actor: user, clientAddress: address, target: { type: "user", id: user.id }, employerId: user.employerId }, now());
  return signIn(request, user, safeRedirect(parsed.data.redirectTo, homeFor(user)));
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = actionData?.errors;
  return (
    <section className="card">
      <h1>Sign in</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          name="username"
          label="Username or email address"
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
        Forgot your password? If you have no email address on your account, ask your manager for a reset code and{" "}
        <Link to="/reset">enter it here</Link>. Otherwise <Link to="/forgot">get a reset link by email</Link>.
      </p>
      <p className="meta">
        New here? Use the join link or QR code your employer gave you. <Link to="/">About Frontline Ready</Link>
      </p>
    </section>
  );
}
