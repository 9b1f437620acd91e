import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { homeFor } from "#app/server/auth.server.ts";
import { getUser } from "#app/server/session.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["worker.home"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.meta.title ?? "Frontline Ready" },
  { name: "description", content: data?.meta.description ?? "" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const { t } = await getT(request, "worker");
  return {
    home: user ? homeFor(user) : null,
    name: user?.name ?? null,
    meta: { title: t("home.metaTitle"), description: t("home.metaDescription") },
  };
}

export default function Index() {
  const d = useLoaderData<typeof loader>();
  const t = useT("worker");
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p>{t("home.intro")}</p>
      <div className="actions">
        {d.home ? (
          <Link className="button" to={d.home}>
            {t("home.continue", { name: d.name })}
          </Link>
        ) : (
          <Link className="button" to="/login">
            {t("common:layout.signIn")}
          </Link>
        )}
        <Link className="button secondary" to="/verify">
          {t("common:layout.verify")}
        </Link>
      </div>
      <section className="card">
        <h2>{t("home.newHere")}</h2>
        <p>{t("home.newHereText")}</p>
      </section>
    </>
  );
}
