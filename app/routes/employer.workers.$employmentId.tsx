import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { StatusBadge } from "#app/components/compliance.tsx";
import { Field } from "#app/components/field.tsx";
import { WorkerFields } from "#app/components/worker-form.tsx";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { certificateStatus, toIsoDate } from "#app/domain/expiry.ts";
import { RevocationReason } from "#app/domain/revocation.ts";
import { issueResetCode } from "#app/models/account.server.ts";
import { listCertificatesForUser, revokeCertificate } from "#app/models/certificate.server.ts";
import { cyclesFor, getEmployerCompliance } from "#app/models/compliance.server.ts";
import { getRole, rolesForSector } from "#app/models/content.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { getRosterRow, terminateWorker, updateWorker } from "#app/models/roster.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { TerminationSchema, workerFieldsSchema } from "#app/utils/roster-forms.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.worker.fullName ?? "Worker"} · Frontline Ready` }];

const day = (ms: number | null) => (ms === null ? null : toIsoDate(new Date(ms)));

/** The admin, their employer and this roster row; a row of any other employer is 404. */
async function load(request: Request, employmentId: string | undefined) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const row = employmentId && employmentId.length <= 64 ? getRosterRow(employer.id, employmentId) : undefined;
  if (!row) throw data("No worker with that id is on your roster.", { status: 404 });
  return { admin, employer, ...row };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer, employment, user } = await load(request, params.employmentId);
  const t = now();
  const compliance = getEmployerCompliance(employer, t);
  const entry = compliance.entries.find((e) => e.employment.id === employment.id);
  const certificates = user ? listCertificatesForUser(user.id) : [];
  const codeOf = new Map(certificates.map((c) => [c.id, formatCertificateCode(c.code)]));
  return {
    worker: { ...employment, username: user?.username ?? null, hasAccount: user !== null },
    terminationDate: day(employment.endedAt),
    role: getRole(employment.jobRole)?.label ?? employment.jobRole,
    status: entry?.status ?? null,
    retained: entry !== undefined,
    cycles: entry
      ? cyclesFor(entry, compliance).map((c) => ({
          index: c.index,
          dueDate: c.dueDate,
          completedOn: c.completion?.completedOn ?? null,
          code: c.completion ? (codeOf.get(c.completion.certificateId) ?? null) : null,
          late: c.completedLate,
          validUntil: c.validUntil,
        }))
      : [],
    // Certificates stay the worker's; an admin sees those earned here, and earlier ones the rule counts.
    certificates: certificates
      .filter((c) => c.employerId === employer.id || (compliance.rule?.policy.priorTrainingAccepted ?? false))
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
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: r.label })),
    sites: listSites(employer.id).map((s) => ({ id: s.id, name: s.name })),
    today: toIsoDate(t),
  };
}

const Intent = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("edit") }).loose(),
    z.object({ intent: z.literal("terminate"), terminationDate: z.string().max(20) }),
    z.object({ intent: z.literal("reset-code") }),
    z.object({ intent: z.literal("revoke"), code: z.string().max(40), reason: RevocationReason }),
  ],
  { error: "Unknown action" },
);

type ActionResult = { errors?: Record<string, string>; resetCode?: { code: string; expires: string }; done?: string; values?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, employer, employment, user } = await load(request, params.employmentId);
  const values = formValues(await readForm(request));
  const parsed = parseWith(Intent, values);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors }, { status: 400 });
  const address = clientAddress(context);
  const input = parsed.data;
  const current = employment.endedAt === null;
  switch (input.intent) {
    case "edit": {
      const fields = parseWith(
        workerFieldsSchema(rolesForSector(employer.sector).map((r) => r.id), listSites(employer.id).map((s) => s.id)),
        values,
      );
      if (!fields.ok) return data<ActionResult>({ errors: fields.errors, values }, { status: 400 });
      const result = updateWorker({ admin, employmentId: employment.id, fields: fields.data, clientAddress: address }, now());
      if (!result.ok) return data<ActionResult>({ errors: { [result.field]: result.message }, values }, { status: 409 });
      return data<ActionResult>({ done: "Saved." });
    }
    case "terminate": {
      const parsedDate = parseWith(TerminationSchema, { terminationDate: input.terminationDate });
      if (!parsedDate.ok) return data<ActionResult>({ errors: parsedDate.errors }, { status: 400 });
      const date = parsedDate.data.terminationDate;
      if (date < employment.hireDate) return data<ActionResult>({ errors: { terminationDate: "The last day worked cannot be before the hire date" } }, { status: 400 });
      if (date > toIsoDate(now())) return data<ActionResult>({ errors: { terminationDate: "Record a leaver on or after their last day" } }, { status: 400 });
      if (!terminateWorker({ admin, employmentId: employment.id, terminationDate: date, clientAddress: address }, now())) {
        return data<ActionResult>({ errors: { form: "This worker has already left." } }, { status: 409 });
      }
      return data<ActionResult>({ done: `${employment.fullName} is recorded as having left on ${date}. Their records stay on file${user ? ", and they were signed out" : ""}.` });
    }
    case "reset-code": {
      if (!user) return data<ActionResult>({ errors: { form: "This worker has not joined yet: they have no password to reset." } }, { status: 409 });
      if (!current) return data<ActionResult>({ errors: { form: "This worker no longer works here." } }, { status: 409 });
      const issued = issueResetCode({ worker: user, admin, clientAddress: address }, now());
      return data<ActionResult>({ resetCode: { code: issued.code, expires: issued.expiresAt.toISOString().slice(0, 16).replace("T", " ") + " UTC" } });
    }
    case "revoke": {
      const code = normalizeCertificateCode(input.code);
      const cert = code && user ? listCertificatesForUser(user.id).find((c) => c.code === code && c.employerId === employer.id) : undefined;
      if (!cert) return data<ActionResult>({ errors: { code: "That certificate was not issued to this worker here." } }, { status: 404 });
      const result = revokeCertificate({ certificateId: cert.id, reason: input.reason, actor: admin, clientAddress: address }, now());
      if (!result.ok) return data<ActionResult>({ errors: { form: "That certificate is already revoked." } }, { status: 409 });
      return data<ActionResult>({ done: `Certificate ${formatCertificateCode(cert.code)} is revoked. The public check page now says so.` });
    }
  }
}

export default function WorkerPage() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionResult | undefined;
  const w = d.worker;
  const revocable = d.certificates.filter((c) => c.here && c.status !== "revoked");
  return (
    <>
      <p>
        <Link to="/employer/roster">← Roster</Link>
      </p>
      <section className="card">
        <h1>{w.fullName}</h1>
        <ActionFeedback errors={a?.errors} done={a?.done} />
        <dl className="facts">
          <dt>Status</dt>
          <dd>{d.status ? <StatusBadge status={d.status} /> : "Record past its retention period"}</dd>
          <dt>Role</dt>
          <dd>{d.role}</dd>
          <dt>Hired</dt>
          <dd>{w.hireDate}</dd>
          {d.terminationDate ? (
            <>
              <dt>Left</dt>
              <dd>{d.terminationDate}</dd>
            </>
          ) : null}
          <dt>Account</dt>
          <dd>{w.hasAccount ? `joined as ${w.username}` : "not joined yet (they join with their employee ID and your join link)"}</dd>
        </dl>
        <h2>Training cycles</h2>
        {d.cycles.length === 0 ? (
          <p>Not covered by the rule in this role.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Cycle</th>
                  <th scope="col">Due</th>
                  <th scope="col">Completed</th>
                  <th scope="col">Certificate</th>
                  <th scope="col">Valid until</th>
                </tr>
              </thead>
              <tbody>
                {d.cycles.map((c) => (
                  <tr key={c.index}>
                    <td>{c.index === 1 ? "1 (new hire)" : c.index}</td>
                    <td>{c.dueDate}</td>
                    <td>{c.completedOn ? `${c.completedOn}${c.late ? " (late)" : ""}` : "not yet"}</td>
                    <td className="code">{c.code ?? ""}</td>
                    <td>{c.completedOn ? (c.validUntil ?? "no renewal") : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2>Certificates</h2>
        {d.certificates.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul>
            {d.certificates.map((c) => (
              <li key={c.code}>
                <span className="code">{c.code}</span> <span className={`badge ${c.status}`}>{c.status}</span> issued {c.issued}
                {c.here ? "" : ` at ${c.employerName}`}, valid until {c.expiresOn}
                {c.revoked ? ` · revoked ${c.revoked}: ${c.revokedReason}` : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>Edit</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="edit" />
          <WorkerFields values={a?.values ?? w} errors={a?.values ? a.errors : undefined} roles={d.roles} sites={d.sites} />
          <button type="submit" className="primary">
            Save
          </button>
        </Form>
      </section>

      {d.terminationDate === null ? (
        <>
          {w.hasAccount ? (
            <section className="card">
              <h2>Forgotten password</h2>
              {a?.resetCode ? (
                <div className="notice" role="status">
                  <p>
                    Give {w.fullName} this reset code in person: <strong className="code">{a.resetCode.code}</strong>
                  </p>
                  <p>
                    They enter it with their username ({w.username}) at <Link to="/reset">/reset</Link>. It works once, until {a.resetCode.expires}. It is
                    shown only now.
                  </p>
                </div>
              ) : (
                <Form method="post">
                  <p>Create a one-time code that lets {w.fullName} choose a new password. Any earlier code stops working.</p>
                  <input type="hidden" name="intent" value="reset-code" />
                  <button type="submit" className="primary">
                    Create reset code
                  </button>
                </Form>
              )}
            </section>
          ) : null}
          <section className="card">
            <h2>Worker has left</h2>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="terminate" />
              <Field name="terminationDate" label="Last day worked" type="date" defaultValue={d.today} required error={a?.errors?.terminationDate} />
              <p className="meta">Their records stay on file for the retention period{w.hasAccount ? ", and they are signed out everywhere" : ""}.</p>
              <button type="submit" className="primary">
                Record as left
              </button>
            </Form>
          </section>
        </>
      ) : null}

      {revocable.length > 0 ? (
        <section className="card">
          <h2>Revoke a certificate</h2>
          <p>Revoke a certificate only if it was obtained improperly or issued in error. The public check page will say it is revoked, and when.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="revoke" />
            <div className="field">
              <label htmlFor="f-code">Certificate</label>
              <select id="f-code" name="code">
                {revocable.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code}
                  </option>
                ))}
              </select>
            </div>
            <Field name="reason" label="Reason" type="text" required error={a?.errors?.reason} />
            <button type="submit" className="primary">
              Revoke certificate
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
