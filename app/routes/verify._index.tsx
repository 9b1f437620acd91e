import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { formatCertificateCode, normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Verify a certificate · Frontline Ready" }];

/** GET /verify?code=... sends the visitor to /verify/<code>; works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null) return { error: null, code: "" };
  const code = normalizeCertificateCode(raw.slice(0, 100));
  if (!code) return { error: "That is not a certificate code. A code has 15 letters and digits, like 7KX4P-DEM24-QRT9H.", code: raw.slice(0, 100) };
  throw redirect(`/verify/${formatCertificateCode(code)}`);
}

export default function VerifyIndex() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <h1>Verify a certificate</h1>
      <p>Enter the code printed on a Frontline Ready certificate, or scan its QR code.</p>
      <Form method="get">
        <div className="field">
          <label htmlFor="f-code">Certificate code</label>
          <input
            id="f-code"
            name="code"
            type="text"
            defaultValue={d.code}
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={d.error ? true : undefined}
            aria-describedby="f-code-error"
          />
          <p className="error-text" id="f-code-error" role={d.error ? "alert" : undefined}>
            {d.error ?? ""}
          </p>
        </div>
        <button type="submit" className="primary">
          Check
        </button>
      </Form>
    </section>
  );
}
