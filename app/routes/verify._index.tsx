import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { normalizeCertificateCode } from "#app/domain/certificate-code.ts";
import { verifyPath } from "#app/domain/public-urls.ts";
import { Link, useLoaderData } from "@remix-run/react";
import { VerifyForm } from "#app/components/verify-form.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { Rich, useT } from "#app/components/i18n.tsx";
import { openBadgesOn } from "#app/server/open-badges.server.ts";

export const handle = { messages: ["public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** GET /verify?code=... sends the visitor to /verify/<code>; works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request, "public");
  const pageTitle = t("verify.pageTitle");
  // OPEN_BADGES=1 (ADR 031): a link to the check of a digital badge file.
  // Its words come with the data, so that with the feature off the page carries nothing more.
  const openBadges = openBadgesOn() ? (await getT(request, "badges")).t("badges:verifyLink") : null;
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null) return { error: null, code: "", pageTitle, openBadges };
  const code = normalizeCertificateCode(raw.slice(0, 100));
  if (!code) return { error: t("verify.notACode"), code: raw.slice(0, 100), pageTitle, openBadges };
  throw redirect(verifyPath(code));
}

export default function VerifyIndex() {
  const d = useLoaderData<typeof loader>();
  const t = useT("public");
  return (
    <section className="card">
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      <VerifyForm code={d.code} error={d.error} />
      {d.openBadges ? (
        <p>
          <Rich text={d.openBadges} tags={{ a: (s) => <Link to="/verify/credential">{s}</Link> }} />
        </p>
      ) : null}
    </section>
  );
}
