import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { plainName } from "#app/domain/names.ts";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { formatDateTime, timeZoneOf } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { attestationStatement, attestationTerms, listAttestations, signAttestation } from "#app/models/attestation.server.ts";
import { getRuleFor } from "#app/server/content.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** The periods one may sign: this year and last year. */
function periods(t: Date) {
  const y = t.getUTCFullYear();
  return [String(y), String(y - 1)];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { lang, t: tr } = await getT(request, "employer");
  const rule = getRuleFor(employer);
  const t = now();
  const required = rule?.policy.employerAttestation.value ?? null;
  return {
    pageTitle: tr("attestations.metaTitle"),
    signer: admin.name,
    rule: rule ? { title: rule.policy.title, citation: rule.policy.citation } : null,
    required: required ? { what: required.what, dueMonthDay: required.dueMonthDay ?? null } : null,
    statement: rule && required ? attestationStatement(employer, rule, periods(t)[0]!) : null,
    // For a reader of another language, the same statement in theirs (what is signed stays the English).
    translated: rule && required && lang !== "en" ? tr("attestations.statement", attestationTerms(employer, rule, periods(t)[0]!)) : null,
    periods: periods(t),
    signed: listAttestations(employer.id).map((a) => ({
      id: a.id,
      period: a.period,
      signedName: a.signedName,
      signedTitle: a.signedTitle,
      signedAt: formatDateTime(a.signedAt, lang, timeZoneOf(employer.jurisdiction)),
      covered: a.covered,
      compliant: a.compliant,
      ruleVersion: `${a.ruleId}@${a.ruleVersion}`,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const rule = getRuleFor(employer);
  if (!rule?.policy.employerAttestation.value) {
    throw data(t("attestations.notRequired"), { status: 409 });
  }
  const Sign = z.object({
    period: z.enum(periods(now()) as [string, ...string[]], { error: "employer:errors.periodInvalid" }),
    signedName: z.string().trim().min(2, "employer:errors.signedNameMissing").max(100).check(plainName()),
    signedTitle: z.string().trim().min(2, "employer:errors.signedTitleMissing").max(100).check(plainName()),
    confirm: z.literal("yes", { error: "employer:errors.confirmMissing" }),
  });
  const parsed = parseWith(Sign, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), done: null }, { status: 400 });
  const result = signAttestation({ admin, employer, rule, ...parsed.data, clientAddress: clientAddress(context) }, now());
  if (!result.ok) return data({ errors: { period: t("attestations.alreadySigned", { period: parsed.data.period }) } as Record<string, string>, done: null }, { status: 409 });
  return { errors: undefined, done: t("attestations.signed", { period: parsed.data.period }) };
}

export default function Attestations() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("attestations.title")}</h1>
      {d.required && d.rule ? (
        <>
          <p>
            <span lang="en">
              {d.rule.title}: {d.required.what}
            </span>
            {d.required.dueMonthDay ? ` ${t("attestations.dueYearly", { date: d.required.dueMonthDay })}` : ""}
          </p>
          <ActionFeedback errors={a?.errors} done={a?.done} />
          <Form method="post" noValidate>
            <div className="field">
              <label htmlFor="f-period">{t("attestations.period")}</label>
              <select id="f-period" name="period">
                {d.periods.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <p className="error-text" id="f-period-error" role={a?.errors?.period ? "alert" : undefined}>
                {a?.errors?.period ?? ""}
              </p>
            </div>
            <blockquote className="notice" lang="en">
              {d.statement}
            </blockquote>
            {d.translated ? (
              <p className="meta">
                {t("attestations.statementTranslated")} {d.translated}
              </p>
            ) : null}
            <Field name="signedName" label={t("attestations.nameLabel")} type="text" defaultValue={d.signer} required error={a?.errors?.signedName} />
            <Field name="signedTitle" label={t("attestations.jobTitleLabel")} type="text" required error={a?.errors?.signedTitle} />
            <label className="choice">
              <input type="checkbox" name="confirm" value="yes" required />
              <span>{t("attestations.confirm")}</span>
            </label>
            <p className="error-text" role={a?.errors?.confirm ? "alert" : undefined}>
              {a?.errors?.confirm ?? ""}
            </p>
            <button type="submit" className="primary">
              {t("attestations.sign")}
            </button>
          </Form>
        </>
      ) : (
        <p>{t("attestations.notRequired")}</p>
      )}
      <h2>{t("attestations.signedTitle")}</h2>
      {d.signed.length === 0 ? (
        <p>{t("attestations.noneYet")}</p>
      ) : (
        <ul>
          {d.signed.map((s) => (
            <li key={s.id}>
              {t("attestations.signedRow", { period: s.period, name: s.signedName, title: s.signedTitle, date: s.signedAt, compliant: s.compliant, count: s.covered })}{" "}
              <a href={`/employer/attestations/${s.id}.pdf`}>{t("attestations.print")}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
