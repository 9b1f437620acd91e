import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/components/i18n.tsx";
import { KeepTogether } from "#app/components/keep-together.tsx";
import { RuleSummary } from "#app/components/rule-summary.tsx";
import { PRIMARY_KINDS, RULE_FIELDS, unverifiedFields, type Policy, type RuleField } from "#app/domain/policy-schema.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getContent, roleLabel, rolesForSector, ruleOverview, topicLabel } from "#app/server/content.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

/** A field's value in words (the rule file's own English, or role and topic names in the page's language). */
function valueText(p: Policy, name: RuleField, lang: string, t: (k: string, o?: Record<string, string | number>) => string): string | null {
  const f = p[name];
  const v = f.value as unknown;
  if (v === null) return null;
  switch (name) {
    case "coveredRoles":
      return (v as string[]).map((r) => roleLabel(r, lang)).join("; ");
    case "firstTraining": {
      const w = v as { days?: number; months?: number };
      return w.days !== undefined ? t("law.value.days", { count: w.days }) : t("law.value.months", { count: w.months! });
    }
    case "renewal":
      return t("law.value.every", { count: (v as { months: number }).months });
    case "minimumMinutes":
      return t("law.value.minutes", { count: v as number });
    case "pacing":
    case "learnerAttestation":
    case "video":
    case "priorTraining":
      return t(v ? "law.value.yes" : "law.value.no");
    case "employerAttestation":
      return (v as { what: string }).what;
    case "approval": {
      const a = v as { by: string; what: string };
      return `${a.by}: ${a.what}`;
    }
    case "requiredContent":
      return (v as { topic: string; text: string }[]).map((c) => `${topicLabel(c.topic, lang)} (“${c.text}”)`).join("; ") || t("law.value.none");
    case "signs":
      return (v as { title: string; content: string }[]).map((s) => `${s.title}: ${s.content}`).join(" · ") || t("law.value.none");
    case "recordRetention": {
      const r = v as { years: number; from: string };
      return t(`law.value.retention.${r.from}`, { count: r.years });
    }
    case "stateNumbers":
      return (v as { label: string; number: string }[]).map((n) => `${n.label}: ${n.number}`).join("; ") || t("law.value.none");
    default:
      return String(v);
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { lang, t } = await getT(request, "public");
  const loaded = params.ruleId ? getContent().policies.get(params.ruleId) : undefined;
  if (!loaded) throw data(t("laws.notFound"), { status: 404 });
  const p = loaded.policy;
  const why = new Map(unverifiedFields(p).map((u) => [u.field, u.why]));
  const sources = new Map(p.sources.map((s) => [s.id, s]));
  return {
    pageTitle: `${p.title} · Frontline Ready`,
    overview: ruleOverview(loaded, rolesForSector(p.sector).map((r) => ({ id: r.id, label: roleLabel(r.id, lang) })), lang),
    status: p.status,
    effective: p.effective,
    version: loaded.version,
    notes: p.notes ?? null,
    sources: p.sources.map((s) => ({ ...s, primary: PRIMARY_KINDS.has(s.kind) })),
    fields: RULE_FIELDS.map((name) => {
      const f = p[name];
      return {
        name,
        value: valueText(p, name, lang, t),
        reading: f.reading ?? null,
        unknown: f.unknown ?? null,
        verified: !why.has(name),
        quotes: f.quotes.map((q) => ({ ...q, url: sources.get(q.source)?.url ?? "", primary: PRIMARY_KINDS.has(sources.get(q.source)?.kind ?? "") })),
      };
    }),
  };
}

export default function Law() {
  const d = useLoaderData<typeof loader>();
  const t = useT("public");
  return (
    <section className="card wide">
      <p>
        <Link to="/laws">{t("laws.back")}</Link>
      </p>
      <h1 lang="en">{d.overview.title}</h1>
      <p className="meta">
        {t(`laws.status.${d.status}`)}
        {d.effective ? <KeepTogether text={` · ${t("laws.effective", { date: d.effective })}`} /> : ""} · {t("laws.version", { version: d.version })}
      </p>
      <RuleSummary rule={d.overview} linkToLaw={false} />
      <h2>{t("laws.fieldsTitle")}</h2>
      {d.fields.map((f) => (
        <article key={f.name} className="law-field" id={f.name}>
          <h3>
            {t(`laws.field.${f.name}`)} <span className={`badge ${f.verified ? "valid" : "expired"}`}>{t(f.verified ? "laws.quoted" : f.unknown ? "laws.unknown" : "laws.notQuoted")}</span>
          </h3>
          {f.value !== null ? (
            <p lang="en">
              <KeepTogether text={f.value} />
            </p>
          ) : null}
          {f.unknown ? (
            <p className="notice warn" lang="en">
              {t("laws.unknownWhat")} <KeepTogether text={f.unknown} />
            </p>
          ) : null}
          {f.quotes.map((q, i) => (
            <blockquote key={i} lang="en">
              <p>
                “<KeepTogether text={q.text} />”
              </p>
              <footer className="meta">
                {q.pinpoint} — <a href={q.url} className="nowrap">{q.source}</a>
                {q.primary ? "" : ` (${t("laws.secondary")})`}
              </footer>
            </blockquote>
          ))}
          {f.reading ? (
            <p className="meta" lang="en">
              {t("laws.reading")} <KeepTogether text={f.reading} />
            </p>
          ) : null}
        </article>
      ))}
      {d.notes ? (
        <>
          <h2>{t("laws.notesTitle")}</h2>
          <p lang="en">{d.notes}</p>
        </>
      ) : null}
      <h2>{t("laws.sourcesTitle")}</h2>
      <ul>
        {d.sources.map((s) => (
          <li key={s.id} lang="en">
            <a href={s.url}>{s.title}</a> — {s.publisher} <span className="meta">(<span className="nowrap">{s.id}</span>; {t(`laws.kind.${s.kind}`)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
