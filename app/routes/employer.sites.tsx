import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { plainName } from "#app/domain/names.ts";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { useT } from "#app/components/i18n.tsx";
import { getT } from "#app/i18n/i18n.server.ts";
import { audit } from "#app/models/audit.server.ts";
import { createSite, listSites } from "#app/models/employer.server.ts";
import { getRuleFor } from "#app/server/content.server.ts";
import { latestPostings, recordSignPosting, requiredSigns, updateSiteNumbers } from "#app/models/signs.server.ts";
import { toIsoDate } from "#app/domain/dates.ts";
import { numberWithDigits } from "#app/domain/signs.ts";
import { SignPostingSchema, SiteNumbersSchema } from "#app/utils/roster-forms.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, localizeErrors, parseWith, readForm } from "#app/utils/forms.server.ts";
import { joinUrl, sharedDeviceUrl } from "#app/domain/public-urls.ts";
import { setSharedDevice } from "#app/models/shared-device.server.ts";
import { SHARED_DEVICE_IDLE_MS } from "#app/server/shared-device.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";
import { TableWrap } from "#app/components/table-wrap.tsx";

export const handle = { messages: ["employer", "public"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const origin = publicOrigin();
  const rule = getRuleFor(employer);
  const sites = listSites(employer.id);
  const postings = latestPostings(employer.id);
  // Where signs go: each site, or the employer's one place of business when it has no sites.
  const places = sites.length > 0 ? sites.map((s) => ({ id: s.id as string | null, name: s.name })) : [{ id: null, name: employer.name }];
  return {
    pageTitle: t("sites.metaTitle"),
    employer: { name: employer.name, joinUrl: joinUrl(origin, employer.joinCode) },
    sites: sites.map((s) => ({
      id: s.id,
      name: s.name,
      joinUrl: joinUrl(origin, s.joinCode),
      policeAgency: s.policeAgency,
      policePhone: s.policePhone,
      shared: s.sharedDeviceSince === null ? null : { since: toIsoDate(s.sharedDeviceSince), url: sharedDeviceUrl(origin, s.joinCode) },
    })),
    sharedIdleMinutes: SHARED_DEVICE_IDLE_MS / 60_000,
    law: rule ? { title: rule.policy.title, signsUnknown: rule.policy.signs.unknown ?? null } : null,
    signs: requiredSigns(rule).map((sign) => ({
      ...sign,
      numbers: sign.numbers.map(numberWithDigits),
      pdf: sign.prescribedWording !== null,
      places: places.map((p) => {
        const posted = postings.get(`${p.id ?? "employer"}:${sign.id}`);
        return { ...p, posted: posted ? { by: posted.attestedName, on: toIsoDate(posted.attestedAt) } : null };
      }),
    })),
  };
}

const SharedDeviceForm = z.object({ siteId: z.string().trim().min(1).max(64), on: z.enum(["1", "0"]) });

const AddSite = z.object({ name: z.string().trim().min(2, "employer:errors.siteNameMissing").max(80, "employer:errors.siteNameTooLong").check(plainName()) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const { t } = await getT(request, "employer");
  const values = formValues(await readForm(request));
  const address = clientAddress(context);
  if (values.intent === "numbers") {
    const parsed = parseWith(SiteNumbersSchema, values);
    if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), done: null }, { status: 400 });
    if (!updateSiteNumbers({ admin, ...parsed.data, clientAddress: address }, now())) return data({ errors: { form: t("errors.siteInvalid") } as Record<string, string>, done: null }, { status: 404 });
    return { errors: undefined, done: t("sites.numbersSaved") };
  }
  if (values.intent === "shared-device") {
    const parsed = SharedDeviceForm.safeParse(values);
    const site = parsed.success ? listSites(employer.id).find((s) => s.id === parsed.data.siteId) : undefined;
    if (!parsed.success || !site) return data({ errors: { form: t("errors.siteInvalid") } as Record<string, string>, done: null }, { status: parsed.success ? 404 : 400 });
    const on = parsed.data.on === "1";
    setSharedDevice({ admin, siteId: site.id, on, clientAddress: address }, now());
    return { errors: undefined, done: t(on ? "sharedDevice.turnedOn" : "sharedDevice.turnedOff", { name: site.name }) };
  }
  if (values.intent === "sign-posted") {
    const parsed = parseWith(SignPostingSchema, values);
    if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), done: null }, { status: 400 });
    const rule = getRuleFor(employer);
    if (!rule || !recordSignPosting({ admin, rule, signId: parsed.data.signId, siteId: parsed.data.siteId, attestedName: parsed.data.attestedName, clientAddress: address }, now())) {
      return data({ errors: { form: t("errors.signUnknown") } as Record<string, string>, done: null }, { status: 404 });
    }
    return { errors: undefined, done: t("sites.signPostedDone") };
  }
  const parsed = parseWith(AddSite, values);
  if (!parsed.ok) return data({ errors: localizeErrors(parsed.errors, t), done: null }, { status: 400 });
  const site = createSite({ employerId: employer.id, name: parsed.data.name }, now());
  if (!site) return data({ errors: { name: t("errors.siteExists") } as Record<string, string>, done: null }, { status: 409 });
  audit({ action: "roster-updated", actor: admin, clientAddress: address, target: { type: "site", id: site.id }, employerId: employer.id, detail: { siteAdded: site.name } }, now());
  return { errors: undefined, done: t("sites.added", { name: site.name }) };
}

export default function Sites() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const t = useT("employer");
  return (
    <section className="card">
      <p>
        <Link to="/employer">{t("nav.dashboard")}</Link>
      </p>
      <h1>{t("sites.title")}</h1>
      <p>{t("sites.intro")}</p>
      <ActionFeedback errors={a?.errors} done={a?.done} />
      <TableWrap label={t("sites.title")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("sites.col.site")}</th>
              <th scope="col">{t("sites.col.joinLink")}</th>
              <th scope="col">{t("sites.col.poster")}</th>
            </tr>
          </thead>
          <tbody>
            {d.sites.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>
                  <a href={s.joinUrl}>{s.joinUrl}</a>
                </td>
                <td>
                  <a href={`/employer/sites/${s.id}/poster.pdf`}>{t("sites.posterPdf")}</a>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("sites.anySite", { name: d.employer.name })}</th>
              <td>
                <a href={d.employer.joinUrl}>{d.employer.joinUrl}</a>
              </td>
              <td>
                <a href="/employer/sites/all/poster.pdf">{t("sites.posterPdf")}</a>
              </td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      {d.sites.length > 0 ? (
        <>
          <h2 id="shared-device">{t("sharedDevice.title")}</h2>
          <p>{t("sharedDevice.intro", { minutes: d.sharedIdleMinutes })}</p>
          <TableWrap label={t("sharedDevice.title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("sharedDevice.colSite")}</th>
                  <th scope="col">{t("sharedDevice.colMode")}</th>
                  <th scope="col">{t("sharedDevice.colLink")}</th>
                </tr>
              </thead>
              <tbody>
                {d.sites.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">{s.name}</th>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="shared-device" />
                        <input type="hidden" name="siteId" value={s.id} />
                        <input type="hidden" name="on" value={s.shared ? "0" : "1"} />
                        {s.shared ? t("sharedDevice.onSince", { date: s.shared.since }) : t("sharedDevice.off")}{" "}
                        <button type="submit" className="button secondary">
                          {t(s.shared ? "sharedDevice.turnOff" : "sharedDevice.turnOn", { name: s.name })}
                        </button>
                      </Form>
                    </td>
                    <td>{s.shared ? <a href={s.shared.url}>{s.shared.url}</a> : t("sharedDevice.linkWhenOn")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
      <h2>{t("sites.signsTitle")}</h2>
      {d.law === null ? (
        <p>{t("sites.signsNoLaw")}</p>
      ) : d.signs.length === 0 ? (
        <p>{d.law.signsUnknown ? t("sites.signsUnknown", { law: d.law.title }) : t("sites.signsNone", { law: d.law.title })}</p>
      ) : (
        d.signs.map((sign) => (
          <article key={sign.id} className="sign-requirement" aria-labelledby={`sign-${sign.id}`}>
            <h3 id={`sign-${sign.id}`} lang="en">
              {sign.title}
            </h3>
            <p lang="en">{sign.content}</p>
            <dl className="facts">
              {sign.minSize ? (
                <>
                  <dt>{t("sites.signSize")}</dt>
                  <dd lang="en">{sign.minSize}</dd>
                </>
              ) : null}
              {sign.minFontPt ? (
                <>
                  <dt>{t("sites.signFont")}</dt>
                  <dd>{t("sites.signFontPt", { pt: sign.minFontPt })}</dd>
                </>
              ) : null}
              {sign.languages ? (
                <>
                  <dt>{t("sites.signLanguages")}</dt>
                  <dd lang="en">{sign.languages}</dd>
                </>
              ) : null}
              {sign.numbers.length > 0 ? (
                <>
                  <dt>{t("sites.signNumbers")}</dt>
                  <dd>{sign.numbers.join("; ")}</dd>
                </>
              ) : null}
              {sign.where ? (
                <>
                  <dt>{t("sites.signWhere")}</dt>
                  <dd lang="en">{sign.where}</dd>
                </>
              ) : null}
            </dl>
            <p>
              {sign.pdf ? (
                <a href={`/employer/signs/${sign.id}.pdf`}>{t("sites.signPdf")}</a>
              ) : sign.templateBy ? (
                <span>{t("sites.signTemplate", { by: sign.templateBy })}</span>
              ) : null}
            </p>
            <ul className="sign-places">
              {sign.places.map((p) => (
                <li key={p.id ?? "employer"}>
                  <strong>{p.name}</strong>:{" "}
                  {p.posted ? (
                    t("sites.signPosted", { by: p.posted.by, date: p.posted.on })
                  ) : (
                    <Form method="post" className="attest-form">
                      <input type="hidden" name="intent" value="sign-posted" />
                      <input type="hidden" name="signId" value={sign.id} />
                      <input type="hidden" name="siteId" value={p.id ?? ""} />
                      <div className="field">
                        <label htmlFor={`attest-${sign.id}-${p.id ?? "employer"}`}>{t("sites.signAttestName")}</label>
                        <input id={`attest-${sign.id}-${p.id ?? "employer"}`} name="attestedName" type="text" required minLength={2} maxLength={100} autoComplete="name" />
                      </div>
                      <button type="submit" className="button secondary">
                        {t("sites.signAttest")}
                      </button>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          </article>
        ))
      )}

      {d.sites.length > 0 ? (
        <>
          <h2>{t("sites.numbersTitle")}</h2>
          <p>{t("sites.numbersIntro")}</p>
          {d.sites.map((s) => (
            <Form method="post" key={s.id} className="numbers-form" noValidate>
              <h3>{s.name}</h3>
              <input type="hidden" name="intent" value="numbers" />
              <input type="hidden" name="siteId" value={s.id} />
              <div className="field">
                <label htmlFor={`agency-${s.id}`}>{t("sites.policeAgency")}</label>
                <input id={`agency-${s.id}`} name="policeAgency" type="text" maxLength={100} defaultValue={s.policeAgency ?? ""} />
              </div>
              <div className="field">
                <label htmlFor={`phone-${s.id}`}>{t("sites.policePhone")}</label>
                <input id={`phone-${s.id}`} name="policePhone" type="tel" maxLength={40} defaultValue={s.policePhone ?? ""} />
              </div>
              <button type="submit" className="button secondary">
                {t("sites.numbersSave")}
              </button>
            </Form>
          ))}
        </>
      ) : null}

      <h2>{t("sites.addTitle")}</h2>
      <Form method="post" noValidate>
        <Field name="name" label={t("sites.nameLabel")} hint={t("sites.nameHint")} type="text" required error={a?.errors?.name} />
        <button type="submit" className="primary">
          {t("sites.addButton")}
        </button>
      </Form>
    </section>
  );
}
