import { Form } from "@remix-run/react";
import { useT } from "./i18n.tsx";

/**
 * The bulk "left on" form for a known list of roster rows (the people an import did not find):
 * one date for all, sent to /employer/leavers, which previews who and how many before anything
 * is written.
 */
export function LeaversForm({ ids, today }: { ids: string[]; today: string }) {
  const t = useT("employer");
  return (
    <Form method="post" action="/employer/leavers" className="leavers-form">
      <input type="hidden" name="intent" value="ids" />
      {ids.map((id) => (
        <input key={id} type="hidden" name="employmentId" value={id} />
      ))}
      <div className="field">
        <label htmlFor="f-left-on">{t("leavers.dateLabel")}</label>
        <input id="f-left-on" type="date" name="terminationDate" defaultValue={today} max={today} required />
      </div>
      <button type="submit">{t("leavers.previewButton", { count: ids.length })}</button>
    </Form>
  );
}
