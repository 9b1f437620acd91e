import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RevocationReason } from "#app/domain/revocation.ts";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { certificateStatus } from "#app/domain/expiry.ts";
import { issueResetCode } from "#app/models/account.server.ts";
import { revokeCertificate } from "#app/models/certificate.server.ts";
import { getRole, rolesForSector } from "#app/models/content.server.ts";
import { getEmployer } from "#app/models/employer.server.ts";
import { changeJobRole, endEmployment, getRosterWorker } from "#app/models/roster.server.ts";
import { activeEmploymentAt } from "#app/models/user.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.worker.name ?? "Worker"} · Frontline Ready` }];

const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

/** The admin of this employer, the employer, and the worker as this employer knows them (404 otherwise). */
async function load(request: Request, params: { employerId?: string; workerId?: string }) {
  const admin = await requireEmployerAdmin(request, params.employerId);
  const employer = getEmployer(admin.employerId);
  const found = employer && params.workerId ? getRosterWorker(employer.id, params.workerId) : undefined;
  if (!employer || !found) throw data("No worker with that id has worked here.", { status: 404 });
  return { admin, employer, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer, user, employments, certificates } = await load(request, params);
  const t = now();
  return {
    employer: { id: employer.id, name: employer.name },
    worker: { id: user.id, name: user.name, username: user.username, hasEmail: user.email !== null },
    current: employments.some((e) => e.endedAt === null),
    currentRole: employments.find((e) => e.endedAt === null)?.jobRole ?? null,
    roles: rolesForSector(employer.sector).map((r) => ({ id: r.id, label: r.label })),
    employments: employments.map((e) => ({ id: e.id, role: getRole(e.jobRole)?.label ?? e.jobRole, started: day(e.startedAt), ended: day(e.endedAt) })),
    certificates: certificates.map((c) => ({
      code: formatCertificateCode(c.code),
      status: certificateStatus(c, t),
      issued: day(c.issuedAt),
      expiresOn: c.expiresOn,
      revoked: day(c.revokedAt),
      revokedReason: c.revokedReason,
    })),
  };
}

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reset-code") }),
  z.object({ intent: z.literal("end-employment"), confirm: z.literal("yes", { error: "Tick the box to confirm this worker has left" }) }),
  z.object({ intent: z.literal("change-role"), role: z.string().min(1, "Choose a role").max(100) }),
  z.object({
    intent: z.literal("revoke"),
    code: z.string().max(40),
    reason: RevocationReason,
  }),
], { error: "Unknown action" });

type ActionResult = { errors?: Record<string, string>; resetCode?: { code: string; expires: string }; done?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { admin, employer, user, certificates } = await load(request, params);
  const parsed = parseWith(Intent, formValues(await readForm(request)));
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors }, { status: 400 });
  const address = clientAddress(context);
  const input = parsed.data;
  const current = activeEmploymentAt(user.id, employer.id);
  switch (input.intent) {
    case "reset-code": {
      if (!current) return data<ActionResult>({ errors: { form: "This worker no longer works here." } }, { status: 409 });
      const issued = issueResetCode({ worker: user, admin, clientAddress: address }, now());
      return data<ActionResult>({ resetCode: { code: issued.code, expires: issued.expiresAt.toISOString().slice(0, 16).replace("T", " ") + " UTC" } });
    }
    case "end-employment": {
      if (!endEmployment({ employerId: employer.id, userId: user.id, admin, clientAddress: address }, now())) {
        return data<ActionResult>({ errors: { form: "This worker no longer works here." } }, { status: 409 });
      }
      return data<ActionResult>({ done: `${user.name} is recorded as having left. Their records stay on file, and they were signed out.` });
    }
    case "change-role": {
      if (!rolesForSector(employer.sector).some((r) => r.id === input.role)) {
        return data<ActionResult>({ errors: { role: "Choose one of the listed roles" } }, { status: 400 });
      }
      if (!current) return data<ActionResult>({ errors: { form: "This worker no longer works here." } }, { status: 409 });
      changeJobRole({ employerId: employer.id, userId: user.id, jobRole: input.role, admin, clientAddress: address }, now());
      return data<ActionResult>({ done: "Role changed." });
    }
    case "revoke": {
      const code = normalizeCertificateCode(input.code);
      const cert = code ? certificates.find((c) => c.code === code) : undefined;
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
  return (
    <>
      <p>
        <Link to={`/employers/${d.employer.id}`}>← All workers of {d.employer.name}</Link>
      </p>
      <section className="card">
        <h1>{d.worker.name}</h1>
        <ActionFeedback errors={a?.errors} done={a?.done} />
        <dl className="facts">
          <dt>Username</dt>
          <dd>{d.worker.username}</dd>
          <dt>Status</dt>
          <dd>{d.current ? "Works here now" : "Former worker"}</dd>
        </dl>
        <h2>Jobs here</h2>
        <ul>
          {d.employments.map((e) => (
            <li key={e.id}>
              {e.role}: from {e.started}
              {e.ended ? ` to ${e.ended}` : " (current)"}
            </li>
          ))}
        </ul>
        <h2>Certificates issued here</h2>
        {d.certificates.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul>
            {d.certificates.map((c) => (
              <li key={c.code}>
                <span className="code">{c.code}</span> <span className={`badge ${c.status}`}>{c.status}</span> issued {c.issued}, valid until{" "}
                {c.expiresOn}
                {c.revoked ? ` · revoked ${c.revoked}: ${c.revokedReason}` : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {d.current ? (
        <>
          <section className="card">
            <h2>Forgotten password</h2>
            {a?.resetCode ? (
              <div className="notice" role="status">
                <p>
                  Give {d.worker.name} this reset code in person: <strong className="code">{a.resetCode.code}</strong>
                </p>
                <p>
                  They enter it with their username ({d.worker.username}) at <Link to="/reset">/reset</Link>. It works once, until{" "}
                  {a.resetCode.expires}. It is shown only now.
                </p>
              </div>
            ) : (
              <Form method="post">
                <p>Create a one-time code that lets {d.worker.name} choose a new password. Any earlier code stops working.</p>
                <input type="hidden" name="intent" value="reset-code" />
                <button type="submit" className="primary">
                  Create reset code
                </button>
              </Form>
            )}
          </section>
          <section className="card">
            <h2>Change role</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="change-role" />
              <div className="field">
                <label htmlFor="f-role">Role</label>
                <select id="f-role" name="role" defaultValue={d.currentRole ?? undefined}>
                  {d.roles.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="primary">
                Save role
              </button>
            </Form>
          </section>
          <section className="card">
            <h2>Worker has left</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="end-employment" />
              <label className="choice">
                <input type="checkbox" name="confirm" value="yes" required />
                <span>{d.worker.name} no longer works here. Their records stay on file; they are signed out everywhere.</span>
              </label>
              <button type="submit" className="primary">
                Record as left
              </button>
            </Form>
          </section>
        </>
      ) : null}

      {d.certificates.some((c) => c.status !== "revoked") ? (
        <section className="card">
          <h2>Revoke a certificate</h2>
          <p>Revoke a certificate only if it was obtained improperly or issued in error. The public check page will say it is revoked, and when.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="revoke" />
            <div className="field">
              <label htmlFor="f-code">Certificate</label>
              <select id="f-code" name="code">
                {d.certificates
                  .filter((c) => c.status !== "revoked")
                  .map((c) => (
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
