import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { Rich, useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { emailResetLink } from "#app/models/account.server.ts";
import { normalizeEmail } from "#app/models/user.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { sendsEmail } from "#app/utils/mailer.server.ts";
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
  // Without an SMTP server there is no link to send: the page says whom to ask instead.
  return { pageTitle: t("forgot.pageTitle"), byEmail: sendsEmail() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { lang, t } = await getT(request, "auth");
  if (!sendsEmail()) {
    return data({ sent: false, errors: { form: t("errors.resetByEmailUnavailable") } as Record<string, string> }, { status: 404 });
  }
  const values = formValues(await readForm(request));
  const parsed = parseWith(Schema, { email: (values.email ?? "").trim() });
  if (!parsed.ok) return data({ sent: false, errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  const address = clientAddress(context);
  const verdict = throttles.resetLinkByAddress.check(address, now());
  if (!verdict.ok) return tooManyAttempts(verdict, { sent: false }, lang);
  // Every request counts here: sending links is the cost to limit, not wrong guesses.
  throttles.resetLinkByAddress.fail(address, now());
  // At most a few emails to one address an hour, whoever asks; past that the answer is the same.
  const email = normalizeEmail(parsed.data.email);
  if (throttles.resetLinkByEmail.check(email, now()).ok) {
    throttles.resetLinkByEmail.fail(email, now());
    emailResetLink({ email, clientAddress: address, origin: publicOrigin(), lang }, now());
  }
  // The same answer whether or not an account has this address.
  return { sent: true, errors: undefined };
}

export default function Forgot() {
  const { byEmail } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT("auth");
  if (!byEmail) {
    return (
      <section className="card">
        <h1>{t("forgot.title")}</h1>
        <p>
          <Rich text={t("forgot.noEmailSending")} tags={{ reset: (s) => <Link to="/reset">{s}</Link> }} />
        </p>
        <p>
          <Link to="/login">{t("forgot.backToSignIn")}</Link>
        </p>
      </section>
    );
  }
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
