import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { Rich, useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { completeReset, findResetCode } from "#app/models/account.server.ts";
import { signInKey } from "#app/models/user.server.ts";
import { homeFor } from "#app/server/auth.server.ts";
import { signIn } from "#app/server/session.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordError } from "#app/utils/password-policy.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { sendsEmail } from "#app/utils/mailer.server.ts";
import { checkAll, failAll, throttles, tooManyAttempts, type Throttle, retryAfterHeaders } from "#app/utils/throttle.server.ts";
import { PASSWORD_MIN } from "#app/domain/password-policy.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { useAutoComplete } from "#app/components/shared-device.tsx";

export const handle = { messages: ["auth"] } satisfies MessagesHandle;

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const Schema = z.object({
  username: z.string().trim().min(1, "auth:errors.usernameMissing").max(254, "auth:errors.usernameTooLong"),
  code: z.string().trim().min(1, "auth:errors.codeMissing").max(40, "auth:errors.codeTooLong"),
  password: z.string().min(1, "auth:errors.newPasswordChoose").max(1024, "auth:errors.passwordTooLong"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request, "auth");
  return { pageTitle: t("reset.pageTitle"), resetByEmail: sendsEmail() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { lang, t } = await getT(request, "auth");
  const values = formValues(await readForm(request));
  const parsed = parseWith(Schema, values);
  const echo = { username: values.username ?? "" };
  if (!parsed.ok) return data({ ...echo, errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  const { username, code, password } = parsed.data;
  const address = clientAddress(context);
  const buckets: [Throttle, string][] = [
    [throttles.resetCodeByAccount, signInKey(username)],
    [throttles.resetCodeByAddress, address],
  ];
  const verdict = checkAll(buckets, now());
  if (!verdict.ok) return tooManyAttempts(verdict, echo, lang);
  const found = findResetCode(username, code, now());
  if (!found) {
    failAll(buckets, now());
    return data(
      { ...echo, errors: { code: t("errors.codeNoMatch") } as Record<string, string> },
      { status: 400 },
    );
  }
  const problem = newPasswordError(password, found.user.username, t);
  if (problem) return data({ ...echo, errors: { password: problem } as Record<string, string> }, { status: 400 });
  const done = await completeReset({ resetId: found.reset.id, user: found.user, newPassword: password, clientAddress: address }, now());
  if (!done) return data({ ...echo, errors: { code: t("errors.codeJustUsed") } as Record<string, string> }, { status: 409 });
  return signIn(request, found.user, homeFor(found.user));
}

export default function ResetWithCode() {
  const { resetByEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT("auth");
  const autoComplete = useAutoComplete();
  const errors = actionData?.errors;
  return (
    <section className="card">
      <h1>{t("reset.title")}</h1>
      <p>{t("reset.intro")}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" autoComplete={autoComplete} noValidate>
        <Field name="username" label={t("reset.usernameLabel")} type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required defaultValue={actionData?.username} error={errors?.username} />
        <Field name="code" label={t("reset.codeLabel")} hint={t("reset.codeHint")} type="text" autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} required error={errors?.code} />
        <Field name="password" label={t("reset.passwordLabel")} hint={t("password.hint", { min: PASSWORD_MIN })} type="password" autoComplete="new-password" required error={errors?.password} />
        <button type="submit" className="primary">
          {t("reset.submit")}
        </button>
      </Form>
      {resetByEmail ? (
        <p className="meta">
          <Rich text={t("reset.haveEmail")} tags={{ forgot: (s) => <Link to="/forgot">{s}</Link> }} />
        </p>
      ) : null}
    </section>
  );
}
