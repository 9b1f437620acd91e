import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { StatusBadge } from "#app/components/compliance.tsx";
import { Field } from "#app/components/field.tsx";
import { Day, Rich, useLang, useT } from "#app/components/i18n.tsx";
import { ruleName } from "#app/components/council-labels.ts";
import { KeepTogether } from "#app/components/keep-together.tsx";
import { WorkerFields } from "#app/components/worker-form.tsx";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { certificateStatus } from "#app/domain/expiry.ts";
import { formatClaimCode } from "#app/domain/claim-code.ts";
import { RevocationReason } from "#app/domain/revocation.ts";
import { ruleTerms } from "#app/domain/policy-schema.ts";
import { formatDate, formatDateTime, timeZoneOf } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { issueResetCode } from "#app/models/account.server.ts";
import { listCertificatesForUser, revokeCertificate } from "#app/models/certificate.server.ts";
import { getWorkerRecord } from "#app/models/compliance.server.ts";
import { courseFit, getRuleFor, roleLabel, rolesForSector } from "#app/server/content.server.ts";
import { listExternalCompletions, PROOF_MAX_BYTES, proofTypeOf, recordExternalCompletion, voidExternalCompletion } from "#app/models/external-completions.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { detachAccount, getRosterRow, issueClaimCode, rosterRowContext, terminateWorker, updateWorker } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { ExternalCompletionSchema, parseWorkerForm, TerminationSchema } from "#app/utils/roster-forms.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const day = (ms: number | null) => (ms === null ? null : toIsoDate(ms));

/** The admin, their employer and this roster row; a row of any other employer is 404. */
async function load(request: Request, employmentId: string | undefined) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { lang, t } = await getT(request, "employer");
  const row = employmentId && employmentId.length <= 64 ? getRosterRow(employer.id, employmentId) : undefined;
  if (!row) throw data(t("worker.notFound"), { status: 404 });
  return { admin, employer, lang, t, ...row };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer, employment, user, lang, t: tr } = await load(request, params.employmentId);
  const t = now();
  const record = getWorkerRecord(employer, employment.id, t);
  const entry = record?.entry;
  const certificates = user ? listCertificatesForUser(user.id) : [];
  return {
    pageTitle: tr("worker.metaTitle", { name: employment.fullName }),
    // The claim code is this row's secret: shown here and on the join slip, to this employer's admins only.
    worker: { ...employment, claimCode: employment.claimCode ? formatClaimCode(employment.claimCode) : null, username: user?.username ?? null, hasAccount: user !== null },
    terminationDate: day(employment.endedAt),
    role: roleLabel(employment.jobRole, lang),
    status: entry?.status ?? null,
    retained: entry !== undefined,
    cycles: record
      ? record.cycles.map((c) => ({
          index: c.index,
          dueDate: c.dueDate,
          completedOn: c.completion?.completedOn ?? null,
          code: c.completion?.code ?? null,
          late: c.completedLate,
          validUntil: c.validUntil,
        }))
      : [],
    // Certificates stay the worker's; an admin sees those earned here, and earlier ones the rule counts.
    certificates: certificates
      .filter((c) => c.employerId === employer.id || (record?.rule ? ruleTerms(record.rule.policy).priorTrainingAccepted : false))
      .map((c) => ({
        code: formatCertificateCode(c.code),
        here: c.employerId === employer.id,
        employerName: c.employerName,
        status: certificateStatus(c, t),
        issued: day(c.issuedAt),
        expiresOn: c.expiresOn,
        revoked: day(c.revokedAt),
        revokedReason: c.revokedReason,
        rule: c.ruleId ? `${c.ruleId}@${c.ruleVersion}` : null,
      })),
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: roleLabel(r.id, lang) })),
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name })),
    today: toIsoDate(t),
    // Where the law needs a course this platform's is not (an approved or the state's own), the
    // employer records the one the worker took; it counts like a certificate.
    outside: record?.rule && entry && entry.status.kind !== "not-covered"
      ? {
          law: ruleName(tr, record.rule.policy.jurisdiction, record.rule.policy.sector),
          platformMeets: courseFit(record.rule.policy.id, employment.jobRole).meets,
          approval: record.rule.policy.approval.value,
          records: listExternalCompletions(employer.id, employment.id).map((x) => ({ ...x, recordedOn: day(x.recordedAt), voidedOn: day(x.voidedAt) })),
          maxMb: PROOF_MAX_BYTES / 1024 / 1024,
        }
      : null,
  };
}

const Intent = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("edit") }).loose(),
    z.object({ intent: z.literal("terminate"), terminationDate: z.string().max(20) }),
    z.object({ intent: z.literal("reset-code") }),
    z.object({ intent: z.literal("revoke"), code: z.string().max(40), reason: RevocationReason }),
    z.object({ intent: z.literal("external") }).loose(),
    z.object({ intent: z.literal("external-void"), id: z.string().min(1).max(64), voidReason: RevocationReason }),
    z.object({ intent: z.literal("claim-code") }),
    z.object({ intent: z.literal("detach"), confirm: z.literal("yes", { error: "employer:errors.detachConfirmMissing" }) }),
  ],
  { error: "employer:errors.unknownAction" },
);

type ActionResult = { errors?: Record<string, string>; resetCode?: { code: string; expires: string }; done?: string; values?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, employer, employment, user, lang, t } = await load(request, params.employmentId);
  const form = await readForm(request);
  const values = formValues(form);
  const parsed = parseWith(Intent, values);
  if (!parsed.ok) {
    return data<ActionResult>({ errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  }
  const address = clientAddress(context);
  const input = parsed.data;
  const current = employment.endedAt === null;
  switch (input.intent) {
    case "edit": {
      const fields = parseWorkerForm(values, rosterRowContext(employer, toIsoDate(now())), t);
      if (!fields.ok) return data<ActionResult>({ errors: fields.errors, values }, { status: 400 });
      const result = updateWorker({ admin, employmentId: employment.id, fields: fields.fields, clientAddress: address }, now());
      if (!result.ok) return data<ActionResult>({ errors: { [result.field]: t(`errors.${result.error}`) }, values }, { status: 409 });
      return data<ActionResult>({ done: t("worker.saved") });
    }
    case "terminate": {
      const parsedDate = parseWith(TerminationSchema, { terminationDate: input.terminationDate });
      if (!parsedDate.ok) return data<ActionResult>({ errors: localizeErrors(parsedDate.errors, t) }, { status: 400 });
      const date = parsedDate.data.terminationDate;
      if (date < employment.hireDate) return data<ActionResult>({ errors: { terminationDate: t("errors.leftBeforeHire") } }, { status: 400 });
      if (date > toIsoDate(now())) return data<ActionResult>({ errors: { terminationDate: t("errors.leftInFuture") } }, { status: 400 });
      if (!terminateWorker({ admin, employmentId: employment.id, terminationDate: date, clientAddress: address }, now())) {
        return data<ActionResult>({ errors: { form: t("errors.alreadyLeft") } }, { status: 409 });
      }
      return data<ActionResult>({ done: t(user ? "worker.leftDoneSignedOut" : "worker.leftDone", { name: employment.fullName, date }) });
    }
    case "reset-code": {
      if (!user) return data<ActionResult>({ errors: { form: t("errors.notJoined") } }, { status: 409 });
      if (!current) return data<ActionResult>({ errors: { form: t("errors.noLongerHere") } }, { status: 409 });
      const issued = issueResetCode({ worker: user, admin, clientAddress: address }, now());
      return data<ActionResult>({ resetCode: { code: issued.code, expires: formatDateTime(issued.expiresAt, lang, timeZoneOf(employer.jurisdiction)) } });
    }
    case "revoke": {
      const code = normalizeCertificateCode(input.code);
      const cert = code && user ? listCertificatesForUser(user.id).find((c) => c.code === code && c.employerId === employer.id) : undefined;
      if (!cert) return data<ActionResult>({ errors: { code: t("errors.certNotHere") } }, { status: 404 });
      const result = revokeCertificate({ certificateId: cert.id, reason: input.reason, actor: admin, clientAddress: address }, now());
      if (!result.ok) return data<ActionResult>({ errors: { form: t("errors.alreadyRevoked") } }, { status: 409 });
      return data<ActionResult>({ done: t("worker.revoked", { code: formatCertificateCode(cert.code) }) });
    }
    case "external": {
      // Only the rule is needed here, not every roster row's status.
      const rule = getRuleFor(employer);
      if (!rule) return data<ActionResult>({ errors: { form: t("errors.noRuleForOutside") } }, { status: 409 });
      const fields = parseWith(ExternalCompletionSchema(toIsoDate(now())), values);
      const errors: Record<string, string> = fields.ok ? {} : localizeErrors(fields.errors, t);
      const file = form.get("proof");
      let proof: { bytes: Uint8Array; name: string; type: string } | null = null;
      if (!(file instanceof File) || file.size === 0) errors.proof = t("errors.proofMissing");
      else if (file.size > PROOF_MAX_BYTES) errors.proof = t("errors.proofTooLarge", { mb: PROOF_MAX_BYTES / 1024 / 1024 });
      else {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const type = proofTypeOf(bytes);
        if (!type) errors.proof = t("errors.proofType");
        else proof = { bytes, type, name: file.name.replace(/[^\p{L}\p{N}._ -]/gu, "_").slice(0, 120) || "proof" };
      }
      if (!fields.ok || !proof) return data<ActionResult>({ errors, values }, { status: 400 });
      recordExternalCompletion({ admin, employmentId: employment.id, rule, fields: fields.data, proof, clientAddress: address }, now());
      return data<ActionResult>({ done: t("worker.outsideRecorded", { course: fields.data.courseTitle, date: fields.data.completedOn }) });
    }
    case "external-void": {
      if (!voidExternalCompletion({ admin, employmentId: employment.id, id: input.id, reason: input.voidReason, clientAddress: address }, now())) {
        return data<ActionResult>({ errors: { form: t("errors.outsideNotFound") } }, { status: 404 });
      }
      return data<ActionResult>({ done: t("worker.outsideVoided") });
    }
    case "claim-code": {
      const issued = issueClaimCode({ admin, employmentId: employment.id, clientAddress: address }, now());
      if (!issued.ok) return data<ActionResult>({ errors: { form: t(`errors.${issued.error}`) } }, { status: 409 });
      return data<ActionResult>({ done: t("worker.claimIssued", { name: employment.fullName, code: formatClaimCode(issued.claimCode) }) });
    }
    case "detach": {
      const detached = detachAccount({ admin, employmentId: employment.id, clientAddress: address }, now());
      if (!detached.ok) return data<ActionResult>({ errors: { form: t(`errors.${detached.error}`) } }, { status: 409 });
      return data<ActionResult>({ done: t("worker.detached", { username: user?.username ?? "", name: employment.fullName, code: formatClaimCode(detached.claimCode) }) });
    }
  }
}

export default function WorkerPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionResult | undefined;
  const w = d.worker;
  const revocable = d.certificates.filter((c) => c.here && c.status !== "revoked");
  const t = useT("employer");
  const lang = useLang();
  return (
    <>
      <p>
        <Link to="/employer/roster">{t("nav.roster")}</Link>
      </p>
      <section className="card">
        <h1>{w.fullName}</h1>
        <ActionFeedback errors={a?.errors} done={a?.done} />
        <dl className="facts">
          <dt>{t("worker.status")}</dt>
          <dd>{d.status ? <StatusBadge status={d.status} /> : t("worker.retentionPassed")}</dd>
          <dt>{t("worker.role")}</dt>
          <dd>{d.role}</dd>
          <dt>{t("worker.hired")}</dt>
          <dd>
            <Day iso={w.hireDate} />
          </dd>
          {d.terminationDate ? (
            <>
              <dt>{t("worker.left")}</dt>
              <dd>
                <Day iso={d.terminationDate} />
              </dd>
            </>
          ) : null}
          <dt>{t("worker.account")}</dt>
          <dd>{w.hasAccount ? t("worker.joinedAs", { username: w.username }) : t("worker.notJoined")}</dd>
          {w.claimCode && d.terminationDate === null ? (
            <>
              <dt>{t("worker.claimCode")}</dt>
              <dd>
                <span className="code">{w.claimCode}</span>
                {w.employeeId ? (
                  <>
                    {" "}
                    · <a href={`/employer/workers/${w.id}/slip.pdf`}>{t("worker.claimSlip")}</a>
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
        </dl>
        <h2>{t("worker.cyclesTitle")}</h2>
        {d.cycles.length === 0 ? (
          <p>{t("worker.notCovered")}</p>
        ) : (
          <TableWrap label={t("worker.cyclesTitle")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("worker.cycleCol.cycle")}</th>
                  <th scope="col">{t("worker.cycleCol.due")}</th>
                  <th scope="col">{t("worker.cycleCol.completed")}</th>
                  <th scope="col">{t("worker.cycleCol.certificate")}</th>
                  <th scope="col">{t("worker.cycleCol.validUntil")}</th>
                </tr>
              </thead>
              <tbody>
                {d.cycles.map((c) => (
                  <tr key={c.index}>
                    <td>{c.index === 1 ? t("worker.firstCycle") : c.index}</td>
                    <td>{c.dueDate ? <Day iso={c.dueDate} /> : t("status.noDeadline")}</td>
                    <td>{c.completedOn ? (c.late ? t("worker.completedLate", { date: c.completedOn }) : <Day iso={c.completedOn} />) : t("worker.notYet")}</td>
                    <td className="code">{c.code ?? ""}</td>
                    <td>{c.completedOn ? (c.validUntil ? <Day iso={c.validUntil} /> : t("worker.noRenewal")) : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <h2>{t("worker.certificatesTitle")}</h2>
        {d.certificates.length === 0 ? (
          <p>{t("worker.noneYet")}</p>
        ) : (
          <ul>
            {d.certificates.map((c) => (
              <li key={c.code}>
                <span className="code">{c.code}</span> <span className={`badge ${c.status}`}>{t(`worker.certStatus.${c.status}`)}</span>{" "}
                <KeepTogether
                  text={
                    (c.here
                      ? t("worker.certIssued", { issued: c.issued ?? "", expires: c.expiresOn })
                      : t("worker.certIssuedAt", { issued: c.issued ?? "", employer: c.employerName, expires: c.expiresOn })) +
                    (c.revoked ? ` · ${t("worker.certRevoked", { date: c.revoked, reason: c.revokedReason ?? "" })}` : "")
                  }
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      {d.outside ? (
        <section className="card" aria-labelledby="outside-title">
          <h2 id="outside-title">{t("worker.outsideTitle")}</h2>
          {d.outside.platformMeets ? (
            <p>{t("worker.outsideOptional", { law: d.outside.law })}</p>
          ) : (
            <p className="notice warn">
              {d.outside.approval
                ? t(d.outside.approval.kind === "state-course" ? "worker.outsideNeededState" : "worker.outsideNeededApproved", { law: d.outside.law, by: d.outside.approval.by })
                : t("worker.outsideNeeded", { law: d.outside.law })}
            </p>
          )}
          {d.outside.records.length > 0 ? (
            <TableWrap label={t("worker.outsideTitle")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("worker.outsideCol.course")}</th>
                    <th scope="col">{t("worker.outsideCol.completed")}</th>
                    <th scope="col">{t("worker.outsideCol.proof")}</th>
                    <th scope="col">{t("worker.outsideCol.state")}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.outside.records.map((x) => (
                    <tr key={x.id}>
                      <td>
                        {x.provider} — {x.courseTitle}
                        {x.approvalReference ? <span className="meta"> ({t("worker.outsideApproval", { ref: x.approvalReference })})</span> : null}
                      </td>
                      <td>
                        <Day iso={x.completedOn} />
                      </td>
                      <td>
                        <a href={`/employer/proofs/${x.id}`}>{x.proofName}</a> <span className="meta code">SHA-256 {x.proofSha256.slice(0, 12)}…</span>
                      </td>
                      <td>{x.voidedOn ? t("worker.outsideVoidedOn", { date: x.voidedOn, reason: x.voidedReason ?? "" }) : t("worker.outsideCounts", { date: x.recordedOn ?? "" })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
          <Form method="post" encType="multipart/form-data" noValidate>
            <input type="hidden" name="intent" value="external" />
            <Field name="provider" label={t("worker.outsideProvider")} type="text" required defaultValue={a?.values?.provider} error={a?.errors?.provider} />
            <Field name="courseTitle" label={t("worker.outsideCourse")} type="text" required defaultValue={a?.values?.courseTitle} error={a?.errors?.courseTitle} />
            <Field name="completedOn" label={t("worker.outsideDate")} type="date" required defaultValue={a?.values?.completedOn} error={a?.errors?.completedOn} />
            <Field name="approvalReference" label={t("worker.outsideReference")} type="text" defaultValue={a?.values?.approvalReference} error={a?.errors?.approvalReference} />
            <Field name="proof" label={t("worker.outsideProof", { mb: d.outside.maxMb })} type="file" accept="application/pdf,image/png,image/jpeg" required error={a?.errors?.proof} />
            <button type="submit" className="primary">
              {t("worker.outsideRecord")}
            </button>
          </Form>
          {d.outside.records.some((x) => !x.voidedOn) ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="external-void" />
              <div className="field">
                <label htmlFor="f-outside-id">{t("worker.outsideVoidWhich")}</label>
                <select id="f-outside-id" name="id">
                  {d.outside.records
                    .filter((x) => !x.voidedOn)
                    .map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.courseTitle} · {formatDate(x.completedOn, lang)}
                      </option>
                    ))}
                </select>
              </div>
              <Field name="voidReason" label={t("worker.reason")} type="text" required error={a?.errors?.voidReason} />
              <button type="submit" className="button secondary">
                {t("worker.outsideVoid")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="card">
        <h2>{t("worker.editTitle")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="edit" />
          <WorkerFields values={a?.values ?? w} errors={a?.values ? a.errors : undefined} roles={d.roles} sites={d.sites} />
          <button type="submit" className="primary">
            {t("worker.save")}
          </button>
        </Form>
      </section>

      {d.terminationDate === null && !w.hasAccount ? (
        <section className="card">
          <h2>{t("worker.claimTitle")}</h2>
          <p>{w.employeeId ? t("worker.claimIntro", { name: w.fullName }) : t("worker.claimNoEmployeeId", { name: w.fullName })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="claim-code" />
            <p className="meta">{t("worker.claimNewNote")}</p>
            <button type="submit" className="button secondary">
              {t("worker.claimNew")}
            </button>
          </Form>
        </section>
      ) : null}

      {d.terminationDate === null && w.hasAccount ? (
        <section className="card">
          <h2>{t("worker.detachTitle")}</h2>
          <p>{t("worker.detachIntro", { name: w.fullName, username: w.username })}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="detach" />
            <div className="field">
              <label className="choice">
                <input type="checkbox" name="confirm" value="yes" required aria-invalid={a?.errors?.confirm ? true : undefined} aria-describedby="f-confirm-error" />
                <span>{t("worker.detachConfirm", { name: w.fullName, username: w.username })}</span>
              </label>
              <p className="error-text" id="f-confirm-error" role={a?.errors?.confirm ? "alert" : undefined}>
                {a?.errors?.confirm ?? ""}
              </p>
            </div>
            <button type="submit" className="button secondary">
              {t("worker.detachButton")}
            </button>
          </Form>
        </section>
      ) : null}

      {d.terminationDate === null ? (
        <>
          {w.hasAccount ? (
            <section className="card">
              <h2>{t("worker.resetTitle")}</h2>
              {a?.resetCode ? (
                <div className="notice" role="status">
                  <p>
                    <Rich
                      text={t("worker.resetGive", { name: w.fullName, code: a.resetCode.code })}
                      tags={{ strong: (x) => <strong className="code">{x}</strong> }}
                    />
                  </p>
                  <p>
                    <Rich
                      text={t("worker.resetHow", { username: w.username, expires: a.resetCode.expires })}
                      tags={{ link: (x) => <Link to="/reset">{x}</Link> }}
                    />
                  </p>
                </div>
              ) : (
                <Form method="post">
                  <p>{t("worker.resetIntro", { name: w.fullName })}</p>
                  <input type="hidden" name="intent" value="reset-code" />
                  <button type="submit" className="primary">
                    {t("worker.resetCreate")}
                  </button>
                </Form>
              )}
            </section>
          ) : null}
          <section className="card">
            <h2>{t("worker.leftTitle")}</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="terminate" />
              <Field name="terminationDate" label={t("worker.lastDay")} type="date" defaultValue={d.today} required error={a?.errors?.terminationDate} />
              <p className="meta">{t(w.hasAccount ? "worker.leftNoteSignedOut" : "worker.leftNote")}</p>
              <button type="submit" className="primary">
                {t("worker.recordLeft")}
              </button>
            </Form>
          </section>
        </>
      ) : null}

      {revocable.length > 0 ? (
        <section className="card">
          <h2>{t("worker.revokeTitle")}</h2>
          <p>{t("worker.revokeIntro")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="revoke" />
            <div className="field">
              <label htmlFor="f-code">{t("worker.certificate")}</label>
              <select id="f-code" name="code">
                {revocable.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code}
                  </option>
                ))}
              </select>
            </div>
            <Field name="reason" label={t("worker.reason")} type="text" required error={a?.errors?.reason} />
            <button type="submit" className="primary">
              {t("worker.revokeButton")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
