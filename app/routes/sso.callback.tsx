import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Rich, useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { finishSso, ssoEnabled } from "#app/server/sso.server.ts";
import { retryAfterHeaders } from "#app/utils/throttle.server.ts";

export const handle = { messages: ["sso.callback"] } satisfies MessagesHandle;

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/**
 * GET /sso/callback — where an organisation's OpenID provider sends the browser back (ADR 034).
 * Success: signed in and sent home. Anything else (an old or foreign sign-in, the provider's
 * error, an answer that does not verify, no linked account): a page saying so, 4xx.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getT(request, "sso");
  if (!ssoEnabled()) throw data(t("sso:login.errors.off"), { status: 404 });
  const result = await finishSso(request, context);
  if (result instanceof Response) throw result;
  return data({ pageTitle: t("callback.pageTitle"), error: result.data.error }, result.init ?? undefined);
}

export default function SsoCallback() {
  const { error } = useLoaderData<typeof loader>();
  const t = useT("sso");
  return (
    <section className="card">
      <h1>{t("callback.title")}</h1>
      <p role="alert">{t(`callback.${error}`)}</p>
      <p>
        <Rich text={t("callback.again")} tags={{ login: (s) => <Link to="/login">{s}</Link> }} />
      </p>
    </section>
  );
}
