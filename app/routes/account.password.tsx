import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { changePassword } from "#app/models/account.server.ts";
import { homeFor, requireUser } from "#app/server/auth.server.ts";
import { signIn } from "#app/server/session.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordError } from "#app/utils/password-policy.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { retryAfterHeaders, throttles, tooManyAttempts } from "#app/utils/throttle.server.ts";
import { PASSWORD_MIN } from "#app/domain/password-policy.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { useAutoComplete } from "#app/components/shared-device.tsx";

export const handle = { messages: ["auth"] } satisfies MessagesHandle;

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const Schema = z.object({
  current: z.string().min(1, "auth:errors.currentMissing").max(1024, "auth:errors.passwordTooLong"),
  password: z.string().min(1, "auth:errors.newPasswordChoose").max(1024, "auth:errors.passwordTooLong"),
  confirm: z.string().max(1024, "auth:errors.passwordTooLong"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const { t } = await getT(request, "auth");
  return { pageTitle: t("changePassword.pageTitle") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { lang, t } = await getT(request, "auth");
  const parsed = parseWith(Schema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  // Guessing the current password from a signed-in device is held like guessing at sign-in.
  const verdict = throttles.currentPasswordByAccount.check(user.id, now());
  if (!verdict.ok) return tooManyAttempts(verdict, {}, lang);
  const problem = newPasswordError(parsed.data.password, user.username, t);
  if (problem) return data({ errors: { password: problem } as Record<string, string> }, { status: 400 });
  if (parsed.data.confirm !== parsed.data.password) {
    return data({ errors: { confirm: t("errors.confirmNewMismatch") } as Record<string, string> }, { status: 400 });
  }
  const changed = await changePassword(
    { user, current: parsed.data.current, next: parsed.data.password, clientAddress: clientAddress(context) },
    now(),
  );
  if (!changed) {
    throttles.currentPasswordByAccount.fail(user.id, now());
    return data({ errors: { current: t("errors.currentWrong") } as Record<string, string> }, { status: 400 });
  }
  throttles.currentPasswordByAccount.clear(user.id);
  // Every session ended with the change, this one too; this device gets a fresh one.
  return signIn(request, user, homeFor(user));
}

export default function ChangePassword() {
  const errors = useActionData<typeof action>()?.errors;
  const t = useT("auth");
  const autoComplete = useAutoComplete();
  return (
    <section className="card">
      <h1>{t("changePassword.title")}</h1>
      <p>{t("changePassword.intro")}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" autoComplete={autoComplete} noValidate>
        <Field name="current" label={t("changePassword.currentLabel")} type="password" autoComplete="current-password" required error={errors?.current} />
        <Field name="password" label={t("changePassword.passwordLabel")} hint={t("password.hint", { min: PASSWORD_MIN })} type="password" autoComplete="new-password" required error={errors?.password} />
        <Field name="confirm" label={t("changePassword.confirmLabel")} type="password" autoComplete="new-password" required error={errors?.confirm} />
        <button type="submit" className="primary">
          {t("changePassword.submit")}
        </button>
      </Form>
      <p>
        <Link to="/account">{t("changePassword.backToAccount")}</Link>
      </p>
    </section>
  );
}
