import { Field } from "./field.tsx";

export interface WorkerFormValues {
  fullName?: string;
  employeeId?: string | null;
  jobRole?: string;
  siteId?: string | null;
  hireDate?: string;
  email?: string | null;
  phone?: string | null;
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
  return (
    <>
      <Field name="fullName" label="Full name" type="text" autoComplete="off" required defaultValue={values?.fullName} error={errors?.fullName} />
      <Field name="employeeId" label="Employee ID (optional)" hint="Your own ID for this person. CSV imports match workers by it." type="text" defaultValue={values?.employeeId ?? ""} error={errors?.employeeId} />
      <div className="field">
        <label htmlFor="f-jobRole">Role</label>
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
        <label htmlFor="f-siteId">Site</label>
        <select id="f-siteId" name="siteId" defaultValue={values?.siteId ?? ""} aria-describedby="f-siteId-error">
          <option value="">No site</option>
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
      <Field name="hireDate" label="Hire date" hint="YYYY-MM-DD. Training deadlines count from this day." type="date" required defaultValue={values?.hireDate} error={errors?.hireDate} />
      <Field name="email" label="Email (optional)" hint="For training reminders." type="email" defaultValue={values?.email ?? ""} error={errors?.email} />
      <Field name="phone" label="Phone (optional)" type="tel" defaultValue={values?.phone ?? ""} error={errors?.phone} />
    </>
  );
}
