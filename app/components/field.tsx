import { useEffect, useRef, type InputHTMLAttributes } from "react";
import { useT } from "./i18n.tsx";
import { useAutoComplete } from "./shared-device.tsx";

/** A labelled input whose error is tied to it for screen readers; the error slot keeps its height. */
export function Field({
  name,
  label,
  hint,
  error,
  ...input
}: { name: string; label: string; hint?: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `f-${name}`;
  const described = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" ");
  // A shared break-room tablet keeps nothing a worker typed (ADR 028).
  const autoComplete = useAutoComplete(input.autoComplete);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} autoComplete={autoComplete} />
      <p className="error-text" id={`${id}-error`} role={error ? "alert" : undefined}>
        {error ?? ""}
      </p>
    </div>
  );
}

/** Lists a form's errors at the top, with links to the fields; takes focus when shown. */
export function ErrorSummary({
  errors,
  title,
  hrefFor = (field) => (field === "form" ? null : `#f-${field}`),
}: {
  errors: Record<string, string> | undefined;
  title?: string;
  /** Where each error's link points; null for an error that belongs to no field. */
  hrefFor?: (field: string) => string | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const t = useT();
  // The summary is a live region (announced when it appears); focus goes to the first
  // field in error, whose label and error text are read, or to the summary if none is.
  // Without JavaScript the page arrives with the summary focused (autofocus), its links
  // leading to each field.
  useEffect(() => {
    if (!errors || Object.keys(errors).length === 0) return;
    const first = ref.current?.closest("main")?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? ref.current)?.focus();
  }, [errors]);
  if (!errors || Object.keys(errors).length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} autoFocus>
      <h2>{title ?? t("form.fixThese")}</h2>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>
            {hrefFor(field) ? <a href={hrefFor(field)!}>{message}</a> : message}
          </li>
        ))}
      </ul>
    </div>
  );
}
