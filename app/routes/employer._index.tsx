import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { z } from "zod";
import { answerRuleScope } from "#app/models/employer.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { statusLabel } from "#app/components/compliance.tsx";
import { Rich, useLang, useT } from "#app/components/i18n.tsx";
import { formatNumber, formatPercent } from "#app/i18n/format.ts";
import { sectorName, stateName } from "#app/components/council-labels.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getStatusSummary, STATUS_KINDS } from "#app/models/compliance.server.ts";
import { listSites } from "#app/models/employer.server.ts";
import { getLawFor, getRuleFor, roleLabel, rolesForSector, ruleOverview } from "#app/server/content.server.ts";
import { RuleSummary } from "#app/components/rule-summary.tsx";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { joinUrl } from "#app/domain/public-urls.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";
import { employerApiEnabled } from "#app/models/api-token.server.ts";
import { webhooksEnabled } from "#app/models/webhooks.server.ts";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { lang, t } = await getT(request, "employer");
  const { summary, former, bySite } = getStatusSummary(employer, now());
  const sites = listSites(employer.id);
  const perSite = [...sites.map((s) => ({ id: s.id as string | null, name: s.name })), { id: null, name: t("dashboard.noSite") }]
    .map((s) => ({ ...s, ...bySite(s.id) }))
    .filter((s) => s.id !== null || s.covered + s.counts["not-covered"] > 0);
  const rule = getRuleFor(employer);
  return {
    webhooks: webhooksEnabled(),
    api: employerApiEnabled(),
    pageTitle: `${employer.name} · Frontline Ready`,
    employer: { name: employer.name, jurisdiction: employer.jurisdiction, sector: employer.sector },
    joinUrl: joinUrl(publicOrigin(), employer.joinCode),
    summary,
    former,
    perSite,
    rule: rule ? ruleOverview(rule, rolesForSector(employer.sector).map((r) => ({ id: r.id, label: roleLabel(r.id, lang) })), lang) : null,
    law: (() => {
      const law = getLawFor(employer);
      if (!law) return null;
      const question = law.policy.appliesOnlyIf ? (lang === "es" ? law.policy.appliesOnlyIf.es : law.policy.appliesOnlyIf.en) : null;
      return { id: law.policy.id, title: law.policy.title, status: law.policy.status, question, confirmed: employer.confirmedRuleId === law.policy.id };
    })(),
    kinds: STATUS_KINDS.map((k) => ({ kind: k, label: statusLabel(k, t) })),
  };
}

const ScopeAnswer = z.object({ intent: z.literal("scope"), applies: z.enum(["yes", "no"]) });

/** The employer answers its law's "applies only if" question (Louisiana: a gaming licensee's hotel). */
export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const parsed = parseWith(ScopeAnswer, formValues(await readForm(request)));
  if (!parsed.ok) throw data(t("errors.unknownAction"), { status: 400 });
  const law = getLawFor(employer);
  if (!law?.policy.appliesOnlyIf || law.policy.status !== "in-force") throw data(t("dashboard.scopeNone"), { status: 409 });
  answerRuleScope({ admin, employer, ruleId: law.policy.id, applies: parsed.data.applies === "yes", clientAddress: clientAddress(context) }, now());
  return { ok: true };
}

export default function EmployerDashboard() {
  const d = useLoaderData<typeof loader>();
  const s = d.summary;
  const t = useT("employer");
  const lang = useLang();
  return (
    <>
      <section className="card">
        <h1>{d.employer.name}</h1>
        {d.law?.question && d.law.status === "in-force" ? (
          <Form method="post" className={d.rule ? "meta" : "notice"}>
            <input type="hidden" name="intent" value="scope" />
            <p>
              <strong lang="en">{d.law.title}</strong>: {t("dashboard.scopeIntro")} {d.law.question}{" "}
              {d.law.confirmed ? t("dashboard.scopeYes") : t("dashboard.scopeUnanswered")}
            </p>
            <button type="submit" name="applies" value={d.law.confirmed ? "no" : "yes"} className="button secondary">
              {t(d.law.confirmed ? "dashboard.scopeSayNo" : "dashboard.scopeSayYes")}
            </button>
          </Form>
        ) : null}
        {d.rule ? (
          <RuleSummary rule={d.rule} />
        ) : d.law && !d.law.question ? (
          <p className="notice warn">
            {t(`dashboard.lawNot.${d.law.status}`, { title: d.law.title })} <Link to={`/laws/${d.law.id}`}>{t("dashboard.lawDetails")}</Link>
          </p>
        ) : (
          <p className="notice warn">
            {t("dashboard.noRule", { jurisdiction: stateName(t, d.employer.jurisdiction), sector: sectorName(t, d.employer.sector) })}
          </p>
        )}
        <p className="big-figure">
          {s.rate === null ? t("dashboard.noCovered") : t("dashboard.rate", { rate: formatPercent(s.rate, lang), count: s.covered })}
        </p>
        <ul className="stats">
          {d.kinds.map((k) => (
            <li key={k.kind}>
              <Link to={`/employer/roster?status=${k.kind}`}>
                <strong>{formatNumber(s.counts[k.kind], lang)}</strong> {k.label}
              </Link>
            </li>
          ))}
        </ul>
        <p className="meta">
          {t("dashboard.former", { count: d.former })}
        </p>
        <p className="actions">
          <Link className="button" to="/employer/roster">
            {t("dashboard.actions.roster")}
          </Link>
          <Link className="button secondary" to="/employer/workers/new">
            {t("dashboard.actions.addWorker")}
          </Link>
          <Link className="button secondary" to="/employer/import">
            {t("dashboard.actions.import")}
          </Link>
          <Link className="button secondary" to="/employer/sites">
            {t("dashboard.actions.sites")}
          </Link>
          {d.rule?.employerAttestation ? (
            <Link className="button secondary" to="/employer/attestations">
              {t("dashboard.actions.attestations")}
            </Link>
          ) : null}
          <Link className="button secondary" to="/employer/reminders">
            {t("dashboard.actions.reminders")}
          </Link>
          {d.webhooks ? (
            <Link className="button secondary" to="/employer/webhooks">
              {t("dashboard.actions.webhooks")}
            </Link>
          ) : null}
          {d.api ? (
            <Link className="button secondary" to="/employer/api">
              {t("dashboard.actions.api")}
            </Link>
          ) : null}
        </p>
      </section>
      <section className="card">
        <h2>{t("dashboard.bySite")}</h2>
        <TableWrap label={t("dashboard.bySite")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.site")}</th>
                <th scope="col">{t("dashboard.covered")}</th>
                <th scope="col">{t("dashboard.compliant")}</th>
                {d.kinds
                  .filter((k) => k.kind !== "compliant")
                  .map((k) => (
                    <th scope="col" key={k.kind}>
                      {k.label}
                    </th>
                  ))}
              </tr>
            </thead>
            <tbody>
              {d.perSite.map((site) => (
                <tr key={site.id ?? "none"}>
                  <th scope="row">{site.name}</th>
                  <td>{formatNumber(site.covered, lang)}</td>
                  <td>
                    {formatNumber(site.counts.compliant + site.counts.expiring, lang)} {site.rate === null ? "" : `(${formatPercent(site.rate, lang)})`}
                  </td>
                  {d.kinds
                    .filter((k) => k.kind !== "compliant")
                    .map((k) => (
                      <td key={k.kind}>{formatNumber(site.counts[k.kind], lang)}</td>
                    ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section className="card">
        <h2>{t("dashboard.recordsTitle")}</h2>
        <p>{t("dashboard.recordsText")}</p>
        <ul>
          <li>
            <Rich text={t("dashboard.auditBundle")} tags={{ link: (x) => <a href="/employer/audit-bundle.zip">{x}</a> }} />
          </li>
          <li>
            <a href="/employer/report.pdf">{t("dashboard.reportPdf")}</a>
          </li>
          <li>
            <a href="/employer/roster.csv">{t("dashboard.rosterCsv")}</a>
          </li>
        </ul>
        <p className="meta">
          {t("dashboard.joinLink")} <a href={d.joinUrl}>{d.joinUrl}</a>
        </p>
      </section>
    </>
  );
}
