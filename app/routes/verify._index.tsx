import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { verifyPath } from "#app/domain/public-urls.ts";
import { useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** GET /verify?code=... sends the visitor to /verify/<code>; works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request, "public");
  const pageTitle = t("verify.pageTitle");
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null) return { error: null, code: "", pageTitle };
  const code = normalizeCertificateCode(raw.slice(0, 100));
  if (!code) return { error: t("verify.notACode"), code: raw.slice(0, 100), pageTitle };
  throw redirect(verifyPath(code));
}

export default function VerifyIndex() {
  const d = useLoaderData<typeof loader>();
  const t = useT("public");
  return (
    <section className="card">
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      <Form method="get">
        <div className="field">
          <label htmlFor="f-code">{t("verify.codeLabel")}</label>
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
          {t("verify.submit")}
        </button>
      </Form>
    </section>
  );
}
