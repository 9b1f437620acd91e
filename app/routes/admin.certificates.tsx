import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RevocationReason } from "#app/domain/revocation.ts";
import { CertificateFacts } from "#app/components/certificate-facts.tsx";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getCertificateByCode, revokeCertificate, toPublicCertificate } from "#app/models/certificate.server.ts";
import { requirePlatformAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["admin", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const { t } = await getT(request, "admin");
  const pageTitle = t("certificates.pageTitle");
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null || raw.trim() === "") return { pageTitle, query: "", certificate: null, error: null };
  const code = normalizeCertificateCode(raw);
  const cert = code ? getCertificateByCode(code) : undefined;
  if (!cert) return data({ pageTitle, query: raw.slice(0, 40), certificate: null, error: t("certificates.noSuchCode") }, { status: code ? 404 : 400 });
  const pub = toPublicCertificate(cert, now());
  return { pageTitle, query: raw.slice(0, 40), certificate: { ...pub, revokedReason: cert.revokedReason }, error: null };
}

const Revoke = z.object({
  code: z.string().max(40),
  reason: RevocationReason,
});

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePlatformAdmin(request);
  const { t } = await getT(request, "admin");
  const parsed = parseWith(Revoke, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), done: null }, { status: 400 });
  const code = normalizeCertificateCode(parsed.data.code);
  const cert = code ? getCertificateByCode(code) : undefined;
  if (!cert) return data({ errors: { code: t("certificates.noSuchCode") } as Record<string, string>, done: null }, { status: 404 });
  const result = revokeCertificate({ certificateId: cert.id, reason: parsed.data.reason, actor: admin, clientAddress: clientAddress(context) }, now());
  if (!result.ok) return data({ errors: { form: t("certificates.alreadyRevoked") } as Record<string, string>, done: null }, { status: 409 });
  return { errors: undefined, done: t("certificates.revoked", { code: formatCertificateCode(cert.code) }) };
}

export default function AdminCertificates() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT("admin");
  return (
    <section className="card">
      <p>
        <Link to="/admin">{t("back")}</Link>
      </p>
      <h1>{t("certificates.title")}</h1>
      <Form method="get">
        <Field
          name="code"
          label={t("certificates.codeLabel")}
          type="text"
          defaultValue={d.query}
          autoCapitalize="characters"
          spellCheck={false}
          error={d.error ?? undefined}
        />
        <button type="submit" className="primary">
          {t("certificates.lookUp")}
        </button>
      </Form>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      {d.certificate ? (
        <>
          <CertificateFacts c={d.certificate} />
          {d.certificate.status === "revoked" ? (
            <p className="notice warn">{t("certificates.revokedOn", { date: d.certificate.revokedOn ?? "", reason: d.certificate.revokedReason ?? "" })}</p>
          ) : (
            <Form method="post" noValidate>
              <h2>{t("certificates.revokeTitle")}</h2>
              <input type="hidden" name="code" value={d.certificate.code} />
              <Field name="reason" label={t("certificates.reason")} type="text" required error={a?.errors?.reason} />
              <button type="submit" className="primary">
                {t("certificates.revoke")}
              </button>
            </Form>
          )}
        </>
      ) : null}
    </section>
  );
}
