import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { listAudit, verifyAuditChain } from "#app/models/audit.server.ts";
import { requirePlatformAdmin } from "#app/server/auth.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";

export const handle = { messages: ["admin", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePlatformAdmin(request);
  const { lang, t } = await getT(request, "admin");
  const chain = verifyAuditChain();
  // The chain check's own message (also printed by npm run audit:verify) is English and more
  // detailed; other languages get its gist from the kind of problem and the first row concerned.
  const broken = chain.ok ? "" : lang === "en" ? chain.message : t(`audit.chain.${chain.problem}`, { seq: chain.seq });
  return {
    pageTitle: t("audit.pageTitle"),
    chain: chain.ok ? { ok: true, text: t("audit.chain.intact", { rows: chain.rows, head: chain.headHash.slice(0, 16) }) } : { ok: false, text: broken },
    rows: listAudit({ limit: 200 }).map((r) => ({
      seq: r.seq,
      // The platform's administrators have no jurisdiction: UTC, named.
      at: formatDateTime(r.at, lang, "UTC", "second"),
      action: r.action,
      actor: r.actorKind ? `${r.actorKind} ${r.actorId?.slice(0, 8)}` : t("audit.anonymous"),
      target: r.targetType ? `${r.targetType} ${r.targetId?.slice(0, 8)}` : "",
      address: r.clientAddress ?? "",
      detail: r.detail === "{}" ? "" : r.detail,
    })),
  };
}

export default function AuditLog() {
  const d = useLoaderData<typeof loader>();
  const t = useT("admin");
  return (
    <section className="card">
      <p>
        <Link to="/admin">{t("back")}</Link>
      </p>
      <h1>{t("audit.title")}</h1>
      <p className={d.chain.ok ? "notice ok" : "notice warn"}>{t("audit.chain.label", { text: d.chain.text })}</p>
      <p className="meta">{t("audit.newest")}</p>
      <TableWrap label={t("audit.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("audit.columns.time")}</th>
              <th scope="col">{t("audit.columns.event")}</th>
              <th scope="col">{t("audit.columns.actor")}</th>
              <th scope="col">{t("audit.columns.target")}</th>
              <th scope="col">{t("audit.columns.address")}</th>
              <th scope="col">{t("audit.columns.detail")}</th>
            </tr>
          </thead>
          <tbody>
            {d.rows.map((r) => (
              <tr key={r.seq}>
                <td>{r.seq}</td>
                <td className="nowrap">{r.at}</td>
                <td>{r.action}</td>
                <td className="nowrap">{r.actor}</td>
                <td className="nowrap">{r.target}</td>
                <td className="nowrap">{r.address}</td>
                <td className="detail break-anywhere">{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
