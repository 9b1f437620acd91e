import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { interpolate, splitTags, type TFunction } from "#app/i18n/translate.ts";
import { completeReset, findResetLink } from "#app/models/account.server.ts";
import { homeFor } from "#app/server/auth.server.ts";
import { signIn } from "#app/server/session.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordError } from "#app/utils/password-policy.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { PASSWORD_MIN } from "#app/domain/password-policy.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["auth"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** The page names the link's account, and its address is the secret: no cache keeps it. */
export function headers() {
  return { "Cache-Control": "private, no-store" };
}

function requireLink(token: string | undefined, t: TFunction) {
  const found = token ? findResetLink(token, now()) : undefined;
  if (!found) throw data(t("resetLink.invalid"), { status: 404 });
  return found;
}

const Schema = z.object({
  password: z.string().min(1, "auth:errors.passwordChoose").max(1024, "auth:errors.passwordTooLong"),
  confirm: z.string().max(1024, "auth:errors.passwordTooLong"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { t } = await getT(request, "auth");
  const { user } = requireLink(params.token, t);
  return { pageTitle: t("resetLink.pageTitle"), name: user.name, username: user.username };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { t } = await getT(request, "auth");
  const { user, reset } = requireLink(params.token, t);
  const parsed = parseWith(Schema, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  const problem = newPasswordError(parsed.data.password, user.username, t);
  if (problem) return data({ errors: { password: problem } as Record<string, string> }, { status: 400 });
  if (parsed.data.confirm !== parsed.data.password) {
    return data({ errors: { confirm: t("errors.confirmMismatch") } as Record<string, string> }, { status: 400 });
  }
  const done = await completeReset({ resetId: reset.id, user, newPassword: parsed.data.password, clientAddress: clientAddress(context) }, now());
  if (!done) throw data(t("resetLink.justUsed"), { status: 409 });
  return signIn(request, user, homeFor(user));
}

export default function SetPassword() {
  const { name, username } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors;
  const t = useT("auth");
  return (
    <section className="card">
      <h1>{t("resetLink.title")}</h1>
      <p>
        {/* Tags are split before the values go in, so a "<…>" in a name stays text. */}
        {splitTags(t("resetLink.forUser")).map((part, i) =>
          typeof part === "string" ? interpolate(part, { name, username }) : <strong key={i}>{interpolate(part.text, { name, username })}</strong>,
        )}
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <Field name="password" label={t("resetLink.passwordLabel")} hint={t("password.hint", { min: PASSWORD_MIN })} type="password" autoComplete="new-password" required error={errors?.password} />
        <Field name="confirm" label={t("resetLink.confirmLabel")} type="password" autoComplete="new-password" required error={errors?.confirm} />
        <button type="submit" className="primary">
          {t("resetLink.submit")}
        </button>
      </Form>
    </section>
  );
}
