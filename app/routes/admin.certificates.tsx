import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RevocationReason } from "#app/domain/revocation.ts";
import { CertificateFacts } from "#app/components/certificate-facts.tsx";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { getCertificateByCode, revokeCertificate, toPublicCertificate } from "#app/models/certificate.server.ts";
import { requirePlatformAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction = () => [{ title: "Certificates · Platform administration" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null || raw.trim() === "") return { query: "", certificate: null, error: null };
  const code = normalizeCertificateCode(raw);
  const cert = code ? getCertificateByCode(code) : undefined;
  if (!cert) return data({ query: raw.slice(0, 40), certificate: null, error: "No certificate has that code." }, { status: code ? 404 : 400 });
  const pub = toPublicCertificate(cert, now());
  return { query: raw.slice(0, 40), certificate: { ...pub, code: formatCertificateCode(cert.code), revokedReason: cert.revokedReason }, error: null };
}

const Revoke = z.object({
  code: z.string().max(40),
  reason: RevocationReason,
});

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePlatformAdmin(request);
  const parsed = parseWith(Revoke, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: parsed.errors, done: null }, { status: 400 });
  const code = normalizeCertificateCode(parsed.data.code);
  const cert = code ? getCertificateByCode(code) : undefined;
  if (!cert) return data({ errors: { code: "No certificate has that code." } as Record<string, string>, done: null }, { status: 404 });
  const result = revokeCertificate({ certificateId: cert.id, reason: parsed.data.reason, actor: admin, clientAddress: clientAddress(context) }, now());
  if (!result.ok) return data({ errors: { form: "That certificate is already revoked." } as Record<string, string>, done: null }, { status: 409 });
  return { errors: undefined, done: `Certificate ${formatCertificateCode(cert.code)} is revoked.` };
}

export default function AdminCertificates() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <section className="card">
      <p>
        <Link to="/admin">← Platform administration</Link>
      </p>
      <h1>Look up a certificate</h1>
      <Form method="get">
        <Field name="code" label="Certificate code" type="text" defaultValue={d.query} autoCapitalize="characters" spellCheck={false} error={d.error ?? undefined} />
        <button type="submit" className="primary">
          Look up
        </button>
      </Form>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      {d.certificate ? (
        <>
          <CertificateFacts c={d.certificate} />
          {d.certificate.status === "revoked" ? (
            <p className="notice warn">
              Revoked on {d.certificate.revokedOn}: {d.certificate.revokedReason}
            </p>
          ) : (
            <Form method="post" noValidate>
              <h2>Revoke this certificate</h2>
              <input type="hidden" name="code" value={d.certificate.code} />
              <Field name="reason" label="Reason" type="text" required error={a?.errors?.reason} />
              <button type="submit" className="primary">
                Revoke
              </button>
            </Form>
          )}
        </>
      ) : null}
    </section>
  );
}
