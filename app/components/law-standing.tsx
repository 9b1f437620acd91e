import { Link } from "@remix-run/react";
import { useT } from "./i18n.tsx";

/** Which laws this certificate's course meets by itself and which it does not, stated plainly. */
export function LawStandingList({ laws }: { laws: { rule: string; title: string; citation: string; meetsByItself: boolean; needs: { kind: string; by?: string }[] }[] }) {
  const t = useT("public");
  return (
    <section aria-labelledby="laws-title">
      <h2 id="laws-title">{t("standing.title")}</h2>
      <p>{t("standing.lead")}</p>
      {laws.length === 0 ? (
        <p>{t("standing.none")}</p>
      ) : (
        <ul className="standing">
          {laws.map((l) => (
            <li key={l.rule}>
              <strong lang="en">{l.title}</strong> <span className="meta" lang="en">({l.citation})</span>:{" "}
              {l.meetsByItself ? t("standing.meets") : t("standing.notAlone", { needs: l.needs.map((n) => t(`standing.need.${n.kind}`, { by: n.by ?? "" })).join("; ") })}{" "}
              <Link to={`/laws/${l.rule}`}>{t("standing.lawLink")}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
