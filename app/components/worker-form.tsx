import { LIMITS, type RosterField } from "#app/domain/roster-row.ts";
import { Field } from "./field.tsx";
import { useT } from "./i18n.tsx";

/** The form's fields are the roster row's (app/domain/roster-row.ts), by the same names. */
export type WorkerFormValues = Partial<Record<RosterField, string | null>>;
const name = (field: RosterField) => field;

/** The roster fields of a worker: add and edit use the same form. */
export function WorkerFields({
  values,
  errors,
  roles,
  sites,
}: {
  values?: WorkerFormValues;
  errors?: Partial<Record<RosterField | "form", string>>;
  roles: { id: string; label: string }[];
  sites: { id: string; name: string }[];
}) {
  const t = useT("employer");
  return (
    <>
      <Field name={name("fullName")} label={t("form.fullName")} type="text" autoComplete="off" required maxLength={LIMITS.fullName} defaultValue={values?.fullName ?? ""} error={errors?.fullName} />
      <Field name={name("employeeId")} label={t("form.employeeId")} hint={t("form.employeeIdHint")} type="text" maxLength={LIMITS.employeeId} defaultValue={values?.employeeId ?? ""} error={errors?.employeeId} />
      <div className="field">
        <label htmlFor="f-jobRole">{t("form.role")}</label>
        <select id="f-jobRole" name={name("jobRole")} defaultValue={values?.jobRole ?? undefined} aria-invalid={errors?.jobRole ? true : undefined} aria-describedby="f-jobRole-error">
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
        <p className="error-text" id="f-jobRole-error" role={errors?.jobRole ? "alert" : undefined}>
          {errors?.jobRole ?? ""}
        </p>
      </div>
      <div className="field">
        <label htmlFor="f-siteId">{t("form.site")}</label>
        <select id="f-siteId" name={name("siteId")} defaultValue={values?.siteId ?? ""} aria-describedby="f-siteId-error">
          <option value="">{t("form.noSite")}</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <p className="error-text" id="f-siteId-error" role={errors?.siteId ? "alert" : undefined}>
          {errors?.siteId ?? ""}
        </p>
      </div>
      <Field name={name("hireDate")} label={t("form.hireDate")} hint={t("form.hireDateHint")} type="date" required defaultValue={values?.hireDate ?? undefined} error={errors?.hireDate} />
      <Field name={name("email")} label={t("form.email")} hint={t("form.emailHint")} type="email" maxLength={LIMITS.email} defaultValue={values?.email ?? ""} error={errors?.email} />
      <Field name={name("phone")} label={t("form.phone")} type="tel" maxLength={LIMITS.phone} defaultValue={values?.phone ?? ""} error={errors?.phone} />
      <div className="field">
        <label htmlFor="f-language">{t("form.language")}</label>
        <p className="hint" id="f-language-hint">
          {t("form.languageHint")}
        </p>
        <select id="f-language" name={name("language")} defaultValue={values?.language ?? ""} aria-describedby="f-language-hint f-language-error" aria-invalid={errors?.language ? true : undefined}>
          <option value="">{t("form.languageUnknown")}</option>
          <option value="en" lang="en">
            English
          </option>
          <option value="es" lang="es">
            Español
          </option>
        </select>
        <p className="error-text" id="f-language-error" role={errors?.language ? "alert" : undefined}>
          {errors?.language ?? ""}
        </p>
      </div>
    </>
  );
}
