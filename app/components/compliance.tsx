import type { ComplianceStatus } from "#app/domain/compliance.ts";
import { useT } from "./i18n.tsx";

type Translate = (key: string) => string;

/** A status as a badge and the date that matters for it. */
export function StatusBadge({ status }: { status: ComplianceStatus }) {
  const label = useStatusLabel();
  return (
    <>
      <span className={`badge status-${status.kind}`}>{label(status.kind)}</span> <StatusDate status={status} />
    </>
  );
}

export function StatusDate({ status }: { status: ComplianceStatus }) {
  const t = useT("employer");
  switch (status.kind) {
    case "due":
      return <span className="meta nowrap">{status.dueDate === null ? t("status.noDeadline") : t("status.by", { date: status.dueDate })}</span>;
    case "overdue":
      return <span className="meta nowrap">{t("status.wasDue", { date: status.dueDate })}</span>;
    case "compliant":
      return <span className="meta nowrap">{status.validUntil ? t("status.validUntil", { date: status.validUntil }) : t("status.noRenewal")}</span>;
    case "expiring":
      return <span className="meta nowrap">{t("status.validUntil", { date: status.validUntil })}</span>;
    case "expired":
      return <span className="meta nowrap">{t("status.lapsed", { date: status.expiredOn })}</span>;
    case "not-covered":
      return null;
  }
}

/** A status's name in the language of `t` (a loader's from getT, useT's, or the exports' English tFor). */
export function statusLabel(kind: ComplianceStatus["kind"], t: Translate) {
  return t(`common:status.${kind}`);
}

/** statusLabel in the page's language, for components. */
export function useStatusLabel() {
  const t = useT("employer");
  return (kind: ComplianceStatus["kind"]) => statusLabel(kind, t);
}
