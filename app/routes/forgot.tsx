import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { Rich, useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { issueResetLink } from "#app/models/account.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { throttles, tooManyAttempts, retryAfterHeaders } from "#app/utils/throttle.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["auth"] } satisfies MessagesHandle;

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const Schema = z.object({ email: z.email("auth:errors.emailInvalid").max(254, "auth:errors.emailTooLong") });

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request, "auth");
  return { pageTitle: t("forgot.pageTitle") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { lang, t } = await getT(request, "auth");
  const values = formValues(await readForm(request));
  const parsed = parseWith(Schema, { email: (values.email ?? "").trim() });
  if (!parsed.ok) return data({ sent: false, errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  const address = clientAddress(context);
  const verdict = throttles.resetLinkByAddress.check(address, now());
  if (!verdict.ok) return tooManyAttempts(verdict, { sent: false }, lang);
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
  const t = useT("auth");
  if (actionData?.sent) {
    return (
      <section className="card">
        <h1>{t("forgot.sentTitle")}</h1>
        <p>{t("forgot.sentText")}</p>
        <p>
          <Link to="/login">{t("forgot.backToSignIn")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t("forgot.title")}</h1>
      <p>{t("forgot.intro")}</p>
      <p>
        <Rich text={t("forgot.noEmail")} tags={{ reset: (s) => <Link to="/reset">{s}</Link> }} />
      </p>
      <ErrorSummary errors={actionData?.errors} />
      <Form method="post" noValidate>
        <Field name="email" label={t("forgot.emailLabel")} type="email" autoComplete="email" required error={actionData?.errors?.email} />
        <button type="submit" className="primary">
          {t("forgot.submit")}
        </button>
      </Form>
    </section>
  );
}
