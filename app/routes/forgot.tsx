import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { issueResetLink } from "#app/models/account.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { throttles, tooManyAttempts, retryAfterHeaders } from "#app/utils/throttle.server.ts";

export const headers = retryAfterHeaders;

export const meta: MetaFunction = () => [{ title: "Forgot your password · Frontline Ready" }];

const Schema = z.object({ email: z.email("Enter your email address, like name@example.com").max(254) });

export async function action({ request, context }: ActionFunctionArgs) {
  const values = formValues(await readForm(request));
  const parsed = parseWith(Schema, { email: (values.email ?? "").trim() });
  if (!parsed.ok) return data({ sent: false, errors: parsed.errors }, { status: 400 });
  const address = clientAddress(context);
  const verdict = throttles.resetLinkByAddress.check(address, now());
  if (!verdict.ok) return tooManyAttempts(verdict, { sent: false });
  // Every request counts here: sending links is the cost to limit, not wrong guesses.
  throttles.resetLinkByAddress.fail(address, now());
  const issued = issueResetLink({ email: parsed.data.email, clientAddress: address }, now());
  if (issued) {
    const link = `${publicOrigin(request)}/reset/${issued.token}`;
    // Email comes with the reminders feature. Until then the link is logged, in development only.
    if (getEnv().NODE_ENV !== "production") console.log(`[frontline] Password reset link for ${issued.user.username}: ${link}`);
  }
  // The same answer whether or not an account has this address.
  return { sent: true, errors: undefined };
}

export default function Forgot() {
  const actionData = useActionData<typeof action>();
  if (actionData?.sent) {
    return (
      <section className="card">
        <h1>Check your email</h1>
        <p>If an account has that email address, we sent it a link to set a new password. The link works once, for 1 hour.</p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>Forgot your password?</h1>
      <p>Enter the email address on your account and we will send you a link to set a new password.</p>
      <p>No email address on your account? Ask your manager for a reset code and <Link to="/reset">enter it here</Link>.</p>
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <Field name="email" label="Email address" type="email" autoComplete="email" required error={actionData?.errors?.email} />
        <button type="submit" className="primary">
          Send reset link
        </button>
      </Form>
    </section>
  );
}
