import { STATUS_LABEL as LABEL, type ComplianceStatus } from "#app/domain/compliance.ts";

/** A status as a badge and the date that matters for it. */
export function StatusBadge({ status }: { status: ComplianceStatus }) {
  return (
    <>
      <span className={`badge status-${status.kind}`}>{LABEL[status.kind]}</span> <StatusDate status={status} />
    </>
  );
}

export function StatusDate({ status }: { status: ComplianceStatus }) {
  switch (status.kind) {
    case "due":
      return <span className="meta">by {status.dueDate}</span>;
    case "overdue":
      return <span className="meta">was due {status.dueDate}</span>;
    case "compliant":
      return <span className="meta">{status.validUntil ? `valid until ${status.validUntil}` : "no renewal required"}</span>;
    case "expiring":
      return <span className="meta">valid until {status.validUntil}</span>;
    case "expired":
      return <span className="meta">lapsed {status.expiredOn}</span>;
    case "not-covered":
      return null;
  }
}

export function statusLabel(kind: ComplianceStatus["kind"]) {
  return LABEL[kind];
}
