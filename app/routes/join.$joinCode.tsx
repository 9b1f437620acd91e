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
import { EMPLOYEE_ID_PATTERN, LIMITS } from "#app/domain/roster-row.ts";
import { plainName } from "#app/domain/names.ts";
import { normalizeClaimCode } from "#app/domain/claim-code.ts";
import { audit } from "#app/models/audit.server.ts";
import type { User } from "#db/schema.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { checkAll, failAll, minutesText, throttles, retryAfterHeaders, tooManyAttempts, type Throttle } from "#app/utils/throttle.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { useAutoComplete } from "#app/components/shared-device.tsx";

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
  .pipe(z.string().regex(EMPLOYEE_ID_PATTERN, "worker:join.errors.employeeIdChars").optional())
  .optional();

/** What a person types for a claim code (checked for its form below, canonical after). */
const ClaimCode = z
  .string()
  .trim()
  .max(32, "worker:join.errors.claimCodeFormat")
  .transform((v) => v || undefined)
  .optional();

/**
 * Role, or employee ID and claim code: with an employee ID the employer's roster says the role,
 * and the claim code (from the worker's join slip) proves the row is theirs.
 */
function jobSchema(roleIds: [string, ...string[]]) {
  return z
    .object({ role: z.enum(roleIds, { error: "worker:join.errors.role" }).optional(), employeeId: EmployeeId, claimCode: ClaimCode })
    .superRefine((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (v.claimCode && normalizeClaimCode(v.claimCode) === null) issue("claimCode", "worker:join.errors.claimCodeFormat");
      else if (v.employeeId && !v.claimCode) issue("claimCode", "worker:join.errors.claimCodeMissing");
      else if (v.claimCode && !v.employeeId) issue("employeeId", "worker:join.errors.employeeIdMissing");
      else if (!v.role && !v.employeeId) issue("role", "worker:join.errors.role");
    })
    .transform((v) => ({ ...v, claimCode: v.claimCode ? (normalizeClaimCode(v.claimCode) ?? undefined) : undefined }));
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

type Echo = { name: string; username: string; role: string; employeeId: string; claimCode: string };

/** Why a join was refused, as a status and a message on the right field. */
function refusal(reason: Exclude<JoinResult, { ok: true }>["reason"], employerName: string, echo: Echo, t: TFunction) {
  const answer = (status: number, errors: Record<string, string>) => data({ errors, values: echo }, { status });
  switch (reason) {
    case "username-taken":
      return answer(409, { username: t("join.errors.usernameTaken") });
    case "claim-refused":
      return answer(400, { claimCode: t("join.errors.claimRefused", { employer: employerName }) });
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

/**
 * Claiming a roster row: wrong tries count per address and per employer (all its join links open
 * one roster), are refused while over the limit, and are audited for the employer to see.
 */
function claimGuard(target: JoinTarget, address: string, job: { employeeId?: string }) {
  const buckets: [Throttle, string][] = [
    [throttles.rosterClaimByAddress, address],
    [throttles.rosterClaimByEmployer, target.employer.id],
  ];
  return {
    /** The verdict before trying (only a claim is throttled: joining by role is not a guess). */
    verdict: () => (job.employeeId ? checkAll(buckets, now()) : { ok: true, retryAfterSeconds: 0 }),
    wrong: (actor: User | null) => {
      failAll(buckets, now());
      audit(
        { action: "roster-claim-failed", actor, clientAddress: address, target: { type: "employer", id: target.employer.id }, employerId: target.employer.id, detail: { employeeId: job.employeeId ?? null } },
        now(),
      );
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { lang, t } = await getT(request, "worker");
  const target = findTarget(params.joinCode, context, { lang, t });
  const { employer } = target;
  const address = clientAddress(context);
  const roles = rolesForSector(employer.sector).map((r) => r.id) as [string, ...string[]];
  const values = formValues(await readForm(request));
  const echo: Echo = { name: values.name ?? "", username: values.username ?? "", role: values.role ?? "", employeeId: values.employeeId ?? "", claimCode: values.claimCode ?? "" };

  if (values.intent === "add-employer") {
    // A worker who already has an account adds this employer to it: one person, one
    // account, and their certificates stay with them from job to job.
    const user = await requireWorkerAccount(request);
    const parsed = parseWith(jobSchema(roles), values);
    if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), values: echo }, { status: 400 });
    const claim = claimGuard(target, address, parsed.data);
    const verdict = claim.verdict();
    if (!verdict.ok) return tooManyAttempts(verdict, { values: echo }, lang);
    const added = joinEmployer({ user, target, jobRole: parsed.data.role, employeeId: parsed.data.employeeId, claimCode: parsed.data.claimCode, clientAddress: address }, now());
    if (!added.ok) {
      if (added.reason === "claim-refused") claim.wrong(user);
      return refusal(added.reason, employer.name, echo, t);
    }
    return redirect("/learn");
  }

  const parsed = parseWith(joinSchema(roles), values);
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), values: echo }, { status: 400 });
  const problem = newPasswordError(parsed.data.password, parsed.data.username, t);
  if (problem) return data({ errors: { password: problem } as Record<string, string>, values: echo }, { status: 400 });
  // Whether a username is taken is said only to a form that is otherwise good (the model checks
  // it last), and only so many times per address: usernames cannot be listed by probing.
  const claim = claimGuard(target, address, parsed.data);
  const verdict = checkAll([[throttles.usernameTakenByAddress, address]], now());
  const claimVerdict = claim.verdict();
  const worst = !claimVerdict.ok && claimVerdict.retryAfterSeconds > verdict.retryAfterSeconds ? claimVerdict : verdict;
  if (!worst.ok) return tooManyAttempts(worst, { values: echo }, lang);
  const result = await createWorkerFromJoin(
    {
      name: parsed.data.name,
      username: parsed.data.username,
      password: parsed.data.password,
      jobRole: parsed.data.role,
      employeeId: parsed.data.employeeId,
      claimCode: parsed.data.claimCode,
      language: lang,
    },
    target,
    now(),
    address,
  );
  if (!result.ok) {
    if (result.reason === "claim-refused") claim.wrong(null);
    if (result.reason === "username-taken") throttles.usernameTakenByAddress.fail(address, now());
    return refusal(result.reason, employer.name, echo, t);
  }
  return signIn(request, result.user, "/learn");
}

/** Employee ID and claim code, from the join slip the employer gave a worker they added. */
function ClaimFields({ values, errors }: { values?: { employeeId?: string; claimCode?: string }; errors?: Record<string, string> }) {
  const t = useT("worker");
  return (
    <>
      <Field
        name="employeeId"
        label={t("join.employeeId")}
        hint={t("join.employeeIdHint")}
        type="text"
        autoCapitalize="none"
        spellCheck={false}
        defaultValue={values?.employeeId}
        error={errors?.employeeId}
      />
      <Field
        name="claimCode"
        label={t("join.claimCode")}
        hint={t("join.claimCodeHint")}
        type="text"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={values?.claimCode}
        error={errors?.claimCode}
      />
    </>
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
  const autoComplete = useAutoComplete();
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
          <Form method="post" autoComplete={autoComplete} noValidate>
            <p>{t("join.addIntro", { name: signedIn.name, employer })}</p>
            <input type="hidden" name="intent" value="add-employer" />
            <ClaimFields values={values} errors={errors} />
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
      <Form method="post" autoComplete={autoComplete} noValidate>
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
        <ClaimFields values={values} errors={errors} />
        <RoleChoices roles={roles} selected={values?.role} error={errors?.role} />
        <button type="submit" className="primary">
          {t("join.submit")}
        </button>
      </Form>
    </section>
  );
}
