import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { plainName } from "#app/domain/names.ts";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { sectorName } from "#app/components/council-labels.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { createStaffAccount, listStaffAccounts, setAccountDisabled } from "#app/models/account.server.ts";
import { listEmployers } from "#app/models/employer.server.ts";
import { requirePlatformAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";
import { ssoEnabled } from "#app/server/sso.server.ts";

export const handle = { messages: ["admin", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requirePlatformAdmin(request);
  const { t } = await getT(request, "admin");
  return {
    pageTitle: t("home.pageTitle"),
    me: me.id,
    sso: ssoEnabled(),
    employers: listEmployers().map((e) => ({ id: e.id, name: e.name, sector: e.sector, jurisdiction: e.jurisdiction, county: e.county, workers: e.workers })),
    staff: listStaffAccounts().map(({ user, employerName }) => ({
      id: user.id,
      name: user.name,
      username: user.username,
      email: user.email,
      kind: user.kind,
      scope: employerName ?? user.jurisdiction ?? "",
      disabled: user.disabledAt !== null,
    })),
  };
}

const Jurisdiction = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^US-[A-Z]{2}$/, "admin:errors.jurisdiction");
const Staff = {
  name: z.string().trim().min(1, "admin:errors.name").max(100).check(plainName()),
  username: z
    .string()
    .trim()
    .min(3, "admin:errors.usernameShort")
    .max(32)
    .check(plainName())
    .regex(/^[A-Za-z0-9._-]+$/, "admin:errors.usernameCharacters"),
  email: z.email("admin:errors.email").max(254),
};
const Intent = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create-employer"),
      employerName: z.string().trim().min(2, "admin:errors.employerName").max(120).check(plainName()),
      sector: z.enum(["lodging", "transit"], { error: "admin:errors.sector" }),
      jurisdiction: Jurisdiction,
      county: z.string().trim().max(60).check(plainName()).optional(),
      ...Staff,
    }),
    z.object({ intent: z.literal("create-council"), jurisdiction: Jurisdiction, ...Staff }),
    z.object({ intent: z.literal("disable"), userId: z.string().min(1).max(64) }),
    z.object({ intent: z.literal("enable"), userId: z.string().min(1).max(64) }),
  ],
  { error: "admin:errors.unknownAction" },
);

type ActionResult = { errors?: Record<string, string>; setup?: { name: string; link: string }; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requirePlatformAdmin(request);
  const { t } = await getT(request, "admin");
  const parsed = parseWith(Intent, formValues(await readForm(request)));
  if (!parsed.ok) return data<ActionResult>({ errors: localizeErrors(parsed.errors, t) }, { status: 400 });
  const input = parsed.data;
  const address = clientAddress(context);
  if (input.intent === "disable" || input.intent === "enable") {
    if (input.userId === me.id) return data<ActionResult>({ errors: { form: t("errors.ownAccount") } }, { status: 400 });
    const ok = setAccountDisabled({ userId: input.userId, disabled: input.intent === "disable", actor: me, clientAddress: address }, now());
    if (!ok) return data<ActionResult>({ errors: { form: t("errors.noAccount") } }, { status: 404 });
    return data<ActionResult>({ done: input.intent === "disable" ? t("home.disabled") : t("home.enabled") });
  }
  const staff = { name: input.name, username: input.username, email: input.email };
  const result =
    input.intent === "create-employer"
      ? await createStaffAccount(
          { ...staff, kind: "employer_admin", employer: { name: input.employerName, sector: input.sector, jurisdiction: input.jurisdiction, county: input.county || undefined } },
          me,
          address,
          now(),
        )
      : await createStaffAccount({ ...staff, kind: "council", jurisdiction: input.jurisdiction }, me, address, now());
  // The model says which field clashes; its English message is replaced by the page's language.
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: t(`errors.${result.error}`) } }, { status: 409 });
  return data<ActionResult>({ setup: { name: result.user.name, link: `${publicOrigin()}/reset/${result.setupToken}` } });
}

export default function Admin() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionResult | undefined;
  const t = useT("admin");
  const sector = (code: string) => sectorName(t, code);
  return (
    <>
      <section className="card">
        <h1>{t("home.title")}</h1>
        <p>
          <Link to="/admin/certificates">{t("home.certificatesLink")}</Link> · <Link to="/admin/audit">{t("home.auditLink")}</Link>
          {d.sso ? (
            <>
              {" · "}
              <Link to="/admin/sso">{t("sso.title")}</Link>
            </>
          ) : null}
        </p>
        <ActionFeedback errors={a?.errors} done={a?.done} />
        {a?.setup ? (
          <div className="notice ok" role="status">
            <p>{t("home.created", { name: a.setup.name })}</p>
            <p className="code break-anywhere">{a.setup.link}</p>
          </div>
        ) : null}
      </section>
      <section className="card">
        <h2>{t("home.employers.title")}</h2>
        <TableWrap label={t("home.employers.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("home.employers.employer")}</th>
                <th scope="col">{t("home.employers.sector")}</th>
                <th scope="col">{t("home.employers.jurisdiction")}</th>
                <th scope="col">{t("home.employers.workers")}</th>
              </tr>
            </thead>
            <tbody>
              {d.employers.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.name}</th>
                  <td>{sector(e.sector)}</td>
                  <td>
                    {e.jurisdiction}
                    {e.county ? t("home.employers.county", { county: e.county }) : ""}
                  </td>
                  <td>{e.workers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <h3>{t("home.newEmployer.title")}</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create-employer" />
          <Field name="employerName" label={t("home.newEmployer.employerName")} type="text" required error={a?.errors?.employerName} />
          <div className="field">
            <label htmlFor="f-sector">{t("home.newEmployer.sector")}</label>
            <select id="f-sector" name="sector">
              <option value="lodging">{t("home.newEmployer.lodging")}</option>
              <option value="transit">{t("home.newEmployer.transit")}</option>
            </select>
          </div>
          <Field
            name="jurisdiction"
            label={t("home.newEmployer.jurisdiction")}
            hint={t("home.stateCodeHint")}
            type="text"
            required
            error={a?.errors?.jurisdiction}
          />
          <Field name="county" label={t("home.newEmployer.county")} type="text" />
          <Field name="name" label={t("home.newEmployer.adminName")} type="text" required error={a?.errors?.name} />
          <Field name="username" label={t("home.newEmployer.adminUsername")} type="text" autoCapitalize="none" required error={a?.errors?.username} />
          <Field name="email" label={t("home.newEmployer.adminEmail")} type="email" required error={a?.errors?.email} />
          <button type="submit" className="primary">
            {t("home.newEmployer.submit")}
          </button>
        </Form>
      </section>
      <section className="card">
        <h2>{t("home.staff.title")}</h2>
        <TableWrap label={t("home.staff.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("home.staff.name")}</th>
                <th scope="col">{t("home.staff.account")}</th>
                <th scope="col">{t("home.staff.scope")}</th>
                <th scope="col">{t("home.staff.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.staff.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {s.name} <span className="meta">({s.username})</span>
                  </th>
                  <td>{t(`kinds.${s.kind}`)}</td>
                  <td>{s.scope}</td>
                  <td>
                    {s.id === d.me ? (
                      t("home.staff.you")
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="userId" value={s.id} />
                        {s.disabled ? t("home.staff.disabled") : t("home.staff.active")}{" "}
                        <button type="submit" name="intent" value={s.disabled ? "enable" : "disable"} className="link-button">
                          {s.disabled ? t("home.staff.enable") : t("home.staff.disable")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <h3>{t("home.newCouncil.title")}</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create-council" />
          <Field name="jurisdiction" label={t("home.newCouncil.jurisdiction")} hint={t("home.stateCodeHint")} type="text" required />
          <Field name="name" label={t("home.newCouncil.name")} type="text" required />
          <Field name="username" label={t("home.newCouncil.username")} type="text" autoCapitalize="none" required />
          <Field name="email" label={t("home.newCouncil.email")} type="email" required />
          <button type="submit" className="primary">
            {t("home.newCouncil.submit")}
          </button>
        </Form>
      </section>
    </>
  );
}
