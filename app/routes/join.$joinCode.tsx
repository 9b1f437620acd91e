import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "#app/components/field.tsx";
import { roleLabel, rolesForSector } from "#app/server/content.server.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import type { Lang, TFunction } from "#app/i18n/translate.ts";
import { Rich, useT } from "#app/components/i18n.tsx";
import { findJoinTarget } from "#app/models/employer.server.ts";
import { activeEmploymentAt, createWorkerFromJoin, joinEmployer, type JoinResult, type JoinTarget } from "#app/models/employment.server.ts";
import { requireWorkerAccount } from "#app/server/auth.server.ts";
import { getUser, signIn } from "#app/server/session.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { newPasswordError } from "#app/utils/password-policy.server.ts";
import { PASSWORD_MIN } from "#app/domain/password-policy.ts";
import { LIMITS } from "#app/domain/roster-row.ts";
import { plainName } from "#app/domain/names.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { minutesText, throttles, retryAfterHeaders } from "#app/utils/throttle.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["worker.join"] } satisfies MessagesHandle;

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** The employer behind a join code. Unknown codes count against the client's address,
 * so join codes cannot be found by trying many. */
function findTarget(joinCode: string | undefined, context: AppLoadContext, { lang, t }: { lang: Lang; t: TFunction }): JoinTarget & { siteName: string | null } {
  const address = clientAddress(context);
  const verdict = throttles.joinCodeByAddress.check(address, now());
  if (!verdict.ok) {
    throw data(t("join.throttled", { wait: minutesText(verdict.retryAfterSeconds, lang) }), {
      status: 429,
      headers: { "Retry-After": String(verdict.retryAfterSeconds) },
    });
  }
  const target = joinCode && joinCode.length <= 64 ? findJoinTarget(joinCode) : undefined;
  if (!target) {
    throttles.joinCodeByAddress.fail(address, now());
    throw data(t("join.invalidLink"), { status: 404 });
  }
  return target;
}

// Messages are translation keys; localizeErrors() says them in the page's language.
const EmployeeId = z
  .string()
  .trim()
  .max(LIMITS.employeeId, "worker:join.errors.employeeIdLong")
  .transform((v) => v || undefined)
  .optional();

/** Role and employee id: with an employee id the employer's roster says the role. */
function jobSchema(roleIds: [string, ...string[]]) {
  return z
    .object({ role: z.enum(roleIds, { error: "worker:join.errors.role" }).optional(), employeeId: EmployeeId })
    .refine((v) => v.role || v.employeeId, { path: ["role"], message: "worker:join.errors.role" });
}

function joinSchema(roleIds: [string, ...string[]]) {
  return z
    .object({
      // The name is the roster row's name when the worker joins by a join link.
      name: z.string().trim().min(1, "worker:join.errors.name").max(LIMITS.fullName, "worker:join.errors.nameLong").check(plainName()),
      username: z
        .string()
        .trim()
        .min(3, "worker:join.errors.usernameShort")
        .max(32, "worker:join.errors.usernameLong")
        .check(plainName())
        .regex(/^[A-Za-z0-9._-]+$/, "worker:join.errors.usernameChars"),
      password: z.string().min(1, "worker:join.errors.password").max(1024, "worker:join.errors.passwordLong"),
    })
    .and(jobSchema(roleIds));
}

type Echo = { name: string; username: string; role: string; employeeId: string };

/** Why a join was refused, as a status and a message on the right field. */
function refusal(reason: Exclude<JoinResult, { ok: true }>["reason"], employerName: string, echo: Echo, t: TFunction) {
  const answer = (status: number, errors: Record<string, string>) => data({ errors, values: echo }, { status });
  switch (reason) {
    case "username-taken":
      return answer(409, { username: t("join.errors.usernameTaken") });
    case "employee-id-unknown":
      return answer(400, { employeeId: t("join.errors.employeeIdUnknown", { employer: employerName }) });
    case "already-employed":
      return answer(409, { form: t("join.errors.alreadyEmployed", { employer: employerName }) });
    case "role-required":
      return answer(400, { role: t("join.errors.role") });
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { lang, t } = await getT(request, "worker");
  const { employer, siteName } = findTarget(params.joinCode, context, { lang, t });
  const user = await getUser(request);
  return {
    pageTitle: t("join.metaTitle", { employer: employer.name }),
    employer: employer.name,
    site: siteName,
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: roleLabel(r.id, lang) })),
    signedIn: user ? { name: user.name, isWorker: user.kind === "worker", alreadyHere: user.kind === "worker" && !!activeEmploymentAt(user.id, employer.id) } : null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { lang, t } = await getT(request, "worker");
  const target = findTarget(params.joinCode, context, { lang, t });
  const { employer } = target;
  const roles = rolesForSector(employer.sector).map((r) => r.id) as [string, ...string[]];
  const values = formValues(await readForm(request));
  const echo: Echo = { name: values.name ?? "", username: values.username ?? "", role: values.role ?? "", employeeId: values.employeeId ?? "" };

  if (values.intent === "add-employer") {
    // A worker who already has an account adds this employer to it: one person, one
    // account, and their certificates stay with them from job to job.
    const user = await requireWorkerAccount(request);
    const parsed = parseWith(jobSchema(roles), values);
    if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), values: echo }, { status: 400 });
    const added = joinEmployer({ user, target, jobRole: parsed.data.role, employeeId: parsed.data.employeeId, clientAddress: clientAddress(context) }, now());
    if (!added.ok) return refusal(added.reason, employer.name, echo, t);
    return redirect("/learn");
  }

  const parsed = parseWith(joinSchema(roles), values);
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), values: echo }, { status: 400 });
  const problem = newPasswordError(parsed.data.password, parsed.data.username, t);
  if (problem) return data({ errors: { password: problem } as Record<string, string>, values: echo }, { status: 400 });
  const result = await createWorkerFromJoin(
    { name: parsed.data.name, username: parsed.data.username, password: parsed.data.password, jobRole: parsed.data.role, employeeId: parsed.data.employeeId, language: lang },
    target,
    now(),
    clientAddress(context),
  );
  if (!result.ok) return refusal(result.reason, employer.name, echo, t);
  return signIn(request, result.user, "/learn");
}

function EmployeeIdField({ value, error }: { value?: string; error?: string }) {
  const t = useT("worker");
  return (
    <Field
      name="employeeId"
      label={t("join.employeeId")}
      hint={t("join.employeeIdHint")}
      type="text"
      autoCapitalize="none"
      spellCheck={false}
      defaultValue={value}
      error={error}
    />
  );
}

function RoleChoices({ roles, selected, error }: { roles: { id: string; label: string }[]; selected?: string; error?: string }) {
  const t = useT("worker");
  return (
    <fieldset className="field" aria-describedby="f-role-error">
      <legend id="f-role">{t("join.role")}</legend>
      {roles.map((r) => (
        <label key={r.id} className="choice">
          <input type="radio" name="role" value={r.id} defaultChecked={selected === r.id} required aria-invalid={error ? true : undefined} />
          <span>{r.label}</span>
        </label>
      ))}
      <p className="error-text" id="f-role-error" role={error ? "alert" : undefined}>
        {error ?? ""}
      </p>
    </fieldset>
  );
}

export default function Join() {
  const { employer: employerName, site, roles, signedIn } = useLoaderData<typeof loader>();
  const employer = site ? `${employerName} (${site})` : employerName;
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const t = useT("worker");
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  if (signedIn?.isWorker) {
    return (
      <section className="card">
        <h1>{t("join.title", { employer })}</h1>
        <ErrorSummary errors={errors} />
        {signedIn.alreadyHere ? (
          <p className="notice">
            <Rich text={t("join.alreadyHere", { name: signedIn.name, employer })} tags={{ link: (s) => <Link to="/learn">{s}</Link> }} />
          </p>
        ) : (
          <Form method="post" noValidate>
            <p>{t("join.addIntro", { name: signedIn.name, employer })}</p>
            <input type="hidden" name="intent" value="add-employer" />
            <EmployeeIdField value={values?.employeeId} error={errors?.employeeId} />
            <RoleChoices roles={roles} selected={values?.role} error={errors?.role} />
            <button type="submit" className="primary">
              {t("join.addSubmit", { employer })}
            </button>
          </Form>
        )}
      </section>
    );
  }
  return (
    <section className="card">
      <h1>{t("join.title", { employer })}</h1>
      <p>{t("join.intro")}</p>
      {signedIn ? (
        <p className="notice">{t("join.signedInOther", { name: signedIn.name })}</p>
      ) : (
        <p className="meta">
          <Rich
            text={t("join.haveAccount")}
            tags={{ link: (s) => <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>{s}</Link> }}
          />
        </p>
      )}
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <Field name="name" label={t("join.name")} hint={t("join.nameHint")} type="text" autoComplete="name" required defaultValue={values?.name} error={errors?.name} />
        <Field
          name="username"
          label={t("join.username")}
          hint={t("join.usernameHint")}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={values?.username}
          error={errors?.username}
        />
        <Field name="password" label={t("join.password")} hint={t("join.passwordHint", { min: PASSWORD_MIN })} type="password" autoComplete="new-password" required error={errors?.password} />
        <EmployeeIdField value={values?.employeeId} error={errors?.employeeId} />
        <RoleChoices roles={roles} selected={values?.role} error={errors?.role} />
        <button type="submit" className="primary">
          {t("join.submit")}
        </button>
      </Form>
    </section>
  );
}
