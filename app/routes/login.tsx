import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { Rich, useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { audit } from "#app/models/audit.server.ts";
import { checkPassword, getUserBySignInName, signInKey } from "#app/models/user.server.ts";
import { homeFor, localPath, safeRedirect } from "#app/server/auth.server.ts";
import { getUser, signIn } from "#app/server/session.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { sendsEmail } from "#app/utils/mailer.server.ts";
import { checkAll, throttles, tooManyAttempts, retryAfterHeaders } from "#app/utils/throttle.server.ts";
import { signInThrottle } from "#app/server/known-device.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { useAutoComplete } from "#app/components/shared-device.tsx";
import { passwordRefusedBySso, ssoEnabled, startSso } from "#app/server/sso.server.ts";

export const handle = { messages: ["auth", "sso.login"] } satisfies MessagesHandle;

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const LoginSchema = z.object({
  username: z.string().trim().min(1, "auth:errors.usernameOrEmailMissing").max(254, "auth:errors.usernameTooLong"),
  password: z.string().min(1, "auth:errors.passwordMissing").max(1024, "auth:errors.passwordTooLong"),
  // Settled here, before anything is written: a path off the site becomes undefined (the user's home page).
  redirectTo: z
    .string()
    .optional()
    .transform((v) => localPath(v) ?? undefined),
});

/** "Sign in with your organisation" (ADR 034): the work email names the organisation's provider. */
const SsoSchema = z.object({
  intent: z.literal("sso"),
  ssoEmail: z.email("sso:login.errors.email").max(254, "sso:login.errors.email"),
  redirectTo: z
    .string()
    .optional()
    .transform((v) => localPath(v) ?? undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
  const { t } = await getT(request, "auth");
  return { pageTitle: t("login.pageTitle"), resetByEmail: sendsEmail(), sso: ssoEnabled() };
}

async function ssoAction(values: Record<string, string>, request: Request, context: ActionFunctionArgs["context"]) {
  const { lang, t } = await getT(request, "sso");
  if (!ssoEnabled()) return data({ ssoErrors: { ssoEmail: t("sso:login.errors.off") } as Record<string, string>, ssoEmail: "" }, { status: 404 });
  const parsed = parseWith(SsoSchema, values);
  if (!parsed.ok) return data({ ssoErrors: localizeErrors(parsed.errors, t), ssoEmail: values.ssoEmail ?? "" }, { status: 400 });
  const address = clientAddress(context);
  const verdict = checkAll([[throttles.signInByAddress, address]], now());
  if (!verdict.ok) {
    const answer = tooManyAttempts(verdict, { ssoEmail: parsed.data.ssoEmail }, lang);
    return data({ ssoErrors: { ssoEmail: answer.data.errors.form }, ssoEmail: parsed.data.ssoEmail }, answer.init ?? undefined);
  }
  const started = await startSso(request, { email: parsed.data.ssoEmail, redirectTo: parsed.data.redirectTo });
  if (started.ok) return started.response;
  if (started.error === "noConnection") throttles.signInByAddress.fail(address, now());
  return data(
    { ssoErrors: { ssoEmail: t(`login.errors.${started.error}`) } as Record<string, string>, ssoEmail: parsed.data.ssoEmail },
    { status: started.error === "noConnection" ? 400 : 503 },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { lang, t } = await getT(request, "auth");
  const values = formValues(await readForm(request));
  if (values.intent === "sso") return ssoAction(values, request, context);
  const parsed = parseWith(LoginSchema, values);
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), username: values.username ?? "" }, { status: 400 });
  const address = clientAddress(context);
  const key = signInKey(parsed.data.username);
  const account = getUserBySignInName(parsed.data.username);
  const throttle = await signInThrottle(request, { name: parsed.data.username, accountId: account?.id, address });
  const verdict = throttle.check(now());
  if (!verdict.ok) return tooManyAttempts(verdict, { username: parsed.data.username }, lang);

  const user = await checkPassword(account, parsed.data.password);
  if (!user) {
    throttle.fail(now());
    audit({ action: "sign-in-failed", clientAddress: address, detail: { name: key } }, now());
    // One message and one status whether the account exists or not.
    return data(
      { errors: { form: t("errors.signInNoMatch") } as Record<string, string>, username: parsed.data.username },
      { status: 401 },
    );
  }
  if (passwordRefusedBySso(user)) {
    // Checked after the password, so a name alone does not tell whose organisation requires it.
    audit({ action: "sign-in-failed", actor: user, clientAddress: address, target: { type: "user", id: user.id }, employerId: user.employerId, detail: { name: key, reason: "sso-required" } }, now());
    return data({ errors: { form: t("sso:login.errors.required") } as Record<string, string>, username: parsed.data.username }, { status: 403 });
  }
  throttle.succeed();
  audit({ action: "sign-in", actor: user, clientAddress: address, target: { type: "user", id: user.id }, employerId: user.employerId }, now());
  return signIn(request, user, safeRedirect(parsed.data.redirectTo, homeFor(user)));
}

export default function Login() {
  const { resetByEmail, sso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | { errors?: Record<string, string>; username?: string; ssoErrors?: Record<string, string>; ssoEmail?: string }
    | undefined;
  const [params] = useSearchParams();
  const t = useT("auth");
  const ts = useT("sso");
  const autoComplete = useAutoComplete();
  const errors = actionData?.errors;
  return (
    <section className="card">
      <h1>{t("login.title")}</h1>
      <ErrorSummary errors={errors} />
      <Form method="post" autoComplete={autoComplete} noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          name="username"
          label={t("login.usernameLabel")}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={actionData?.username ?? ""}
          error={errors?.username}
        />
        <Field name="password" label={t("login.passwordLabel")} type="password" autoComplete="current-password" required error={errors?.password} />
        <button type="submit" className="primary">
          {t("login.submit")}
        </button>
      </Form>
      {sso ? (
        <Form method="post" noValidate className="sso-entry">
          <h2>{ts("login.title")}</h2>
          <ErrorSummary errors={actionData?.ssoErrors} />
          <input type="hidden" name="intent" value="sso" />
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <Field
            name="ssoEmail"
            label={ts("login.emailLabel")}
            hint={ts("login.hint")}
            type="email"
            autoComplete="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            defaultValue={actionData?.ssoEmail ?? ""}
            error={actionData?.ssoErrors?.ssoEmail}
          />
          <button type="submit" className="button secondary">
            {ts("login.submit")}
          </button>
        </Form>
      ) : null}
      <p className="meta">
        <Rich
          text={resetByEmail ? t("login.forgot") : t("login.forgotNoEmail")}
          tags={{ reset: (s) => <Link to="/reset">{s}</Link>, forgot: (s) => <Link to="/forgot">{s}</Link> }}
        />
      </p>
      <p className="meta">
        <Rich text={t("login.newHere")} tags={{ about: (s) => <Link to="/">{s}</Link> }} />
      </p>
    </section>
  );
}
