import { useT } from "./i18n.tsx";

/** A refused roster file's problems, by line (the import and the bulk leavers page). */
export function ImportProblems({ rows }: { rows?: { line: number; message: string }[] }) {
  const t = useT("employer");
  if (!rows) return null;
  return (
    <div className="notice warn">
      <h2>{t("import.problemsTitle")}</h2>
      <ul>
        {rows.map((e, i) => (
          <li key={i}>{t("import.line", { line: e.line, message: e.message })}</li>
        ))}
      </ul>
    </div>
  );
}
