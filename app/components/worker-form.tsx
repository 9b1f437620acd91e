import { Field } from "./field.tsx";
import { useT } from "./i18n.tsx";

export interface WorkerFormValues {
  fullName?: string;
  employeeId?: string | null;
  jobRole?: string;
  siteId?: string | null;
  hireDate?: string;
  email?: string | null;
  phone?: string | null;
  language?: string | null;
}

/** The roster fields of a worker: add and edit use the same form. */
export function WorkerFields({
  values,
  errors,
  roles,
  sites,
}: {
  values?: WorkerFormValues;
  errors?: Record<string, string>;
  roles: { id: string; label: string }[];
  sites: { id: string; name: string }[];
}) {
  const t = useT("employer");
  return (
    <>
      <Field name="fullName" label={t("form.fullName")} type="text" autoComplete="off" required defaultValue={values?.fullName} error={errors?.fullName} />
      <Field name="employeeId" label={t("form.employeeId")} hint={t("form.employeeIdHint")} type="text" defaultValue={values?.employeeId ?? ""} error={errors?.employeeId} />
      <div className="field">
        <label htmlFor="f-jobRole">{t("form.role")}</label>
        <select id="f-jobRole" name="jobRole" defaultValue={values?.jobRole} aria-invalid={errors?.jobRole ? true : undefined} aria-describedby="f-jobRole-error">
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
        <select id="f-siteId" name="siteId" defaultValue={values?.siteId ?? ""} aria-describedby="f-siteId-error">
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
      <Field name="hireDate" label={t("form.hireDate")} hint={t("form.hireDateHint")} type="date" required defaultValue={values?.hireDate} error={errors?.hireDate} />
      <Field name="email" label={t("form.email")} hint={t("form.emailHint")} type="email" defaultValue={values?.email ?? ""} error={errors?.email} />
      <Field name="phone" label={t("form.phone")} type="tel" defaultValue={values?.phone ?? ""} error={errors?.phone} />
      <div className="field">
        <label htmlFor="f-language">{t("form.language")}</label>
        <p className="hint" id="f-language-hint">
          {t("form.languageHint")}
        </p>
        <select id="f-language" name="language" defaultValue={values?.language ?? ""} aria-describedby="f-language-hint f-language-error" aria-invalid={errors?.language ? true : undefined}>
          <option value="">{t("form.languageUnknown")}</option>
          <option value="en">English</option>
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
