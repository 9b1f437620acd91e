import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { stateName } from "#app/components/council-labels.ts";
import { getEmployer } from "#app/models/employer.server.ts";
import { getCurrentEmployment } from "#app/models/employment.server.ts";
import { homeFor, requireUser } from "#app/server/auth.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["auth"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getT(request, "auth");
  const employerId = user.kind === "worker" ? getCurrentEmployment(user.id)?.employer.id : user.employerId;
  const employer = employerId ? getEmployer(employerId) : undefined;
  return {
    pageTitle: t("account.pageTitle"),
    name: user.name,
    username: user.username,
    email: user.email,
    kind: t(`account.kind.${user.kind}`),
    employer: employer?.name ?? null,
    jurisdiction: user.jurisdiction,
    home: homeFor(user),
  };
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  const t = useT("auth");
  return (
    <section className="card">
      <h1>{t("account.title")}</h1>
      <dl className="facts">
        <dt>{t("account.name")}</dt>
        <dd>{d.name}</dd>
        <dt>{t("account.username")}</dt>
        <dd>{d.username}</dd>
        {d.email ? (
          <>
            <dt>{t("account.email")}</dt>
            <dd>{d.email}</dd>
          </>
        ) : null}
        <dt>{t("account.kindLabel")}</dt>
        <dd>{d.kind}</dd>
        {d.employer ? (
          <>
            <dt>{t("account.employer")}</dt>
            <dd>{d.employer}</dd>
          </>
        ) : null}
        {d.jurisdiction ? (
          <>
            <dt>{t("account.jurisdiction")}</dt>
            <dd>{stateName(t, d.jurisdiction)}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <Link to="/account/password">{t("account.changePassword")}</Link>
      </p>
      <p>
        <Link to={d.home}>{t("account.backHome")}</Link>
      </p>
    </section>
  );
}
