import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { createStaffAccount, listStaffAccounts, setAccountDisabled } from "#app/models/account.server.ts";
import { listEmployers } from "#app/models/employer.server.ts";
import { requirePlatformAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { publicOrigin } from "#app/utils/public-url.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction = () => [{ title: "Platform administration · Frontline Ready" }];

const KIND = { employer_admin: "Employer admin", council: "Council auditor", platform_admin: "Platform admin", worker: "Worker" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requirePlatformAdmin(request);
  return {
    me: me.id,
    employers: listEmployers().map((e) => ({ id: e.id, name: e.name, sector: e.sector, jurisdiction: e.jurisdiction, county: e.county, workers: e.workers })),
    staff: listStaffAccounts().map(({ user, employerName }) => ({
      id: user.id,
      name: user.name,
      username: user.username,
      email: user.email,
      kind: KIND[user.kind],
      scope: employerName ?? user.jurisdiction ?? "",
      disabled: user.disabledAt !== null,
    })),
  };
}

const Jurisdiction = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^US-[A-Z]{2}$/, "Use a state code like US-WI");
const Staff = {
  name: z.string().trim().min(1, "Enter the person's name").max(100),
  username: z
    .string()
    .trim()
    .min(3, "Choose a username of at least 3 characters")
    .max(32)
    .regex(/^[A-Za-z0-9._-]+$/, "Use only letters, numbers, dots, dashes and underscores"),
  email: z.email("Enter an email address").max(254),
};
const Intent = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("create-employer"),
      employerName: z.string().trim().min(2, "Enter the employer's name").max(120),
      sector: z.enum(["lodging", "transit"], { error: "Choose lodging or transit" }),
      jurisdiction: Jurisdiction,
      county: z.string().trim().max(60).optional(),
      ...Staff,
    }),
    z.object({ intent: z.literal("create-council"), jurisdiction: Jurisdiction, ...Staff }),
    z.object({ intent: z.literal("disable"), userId: z.string().min(1).max(64) }),
    z.object({ intent: z.literal("enable"), userId: z.string().min(1).max(64) }),
  ],
  { error: "Unknown action" },
);

type ActionResult = { errors?: Record<string, string>; setup?: { name: string; link: string }; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requirePlatformAdmin(request);
  const parsed = parseWith(Intent, formValues(await readForm(request)));
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors }, { status: 400 });
  const input = parsed.data;
  const address = clientAddress(context);
  if (input.intent === "disable" || input.intent === "enable") {
    if (input.userId === me.id) return data<ActionResult>({ errors: { form: "You cannot disable your own account." } }, { status: 400 });
    const ok = setAccountDisabled({ userId: input.userId, disabled: input.intent === "disable", actor: me, clientAddress: address }, now());
    if (!ok) return data<ActionResult>({ errors: { form: "No such account." } }, { status: 404 });
    return data<ActionResult>({ done: input.intent === "disable" ? "Account disabled; its sessions ended." : "Account enabled." });
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
  if (!result.ok) return data<ActionResult>({ errors: { [result.field]: result.message } }, { status: 409 });
  return data<ActionResult>({ setup: { name: result.user.name, link: `${publicOrigin(request)}/reset/${result.setupToken}` } });
}

export default function Admin() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>() as ActionResult | undefined;
  return (
    <>
      <section className="card">
        <h1>Platform administration</h1>
        <p>
          <Link to="/admin/certificates">Look up or revoke a certificate</Link> · <Link to="/admin/audit">Audit log</Link>
        </p>
        <ActionFeedback errors={a?.errors} done={a?.done} />
        {a?.setup ? (
          <div className="notice ok" role="status">
            <p>
              Account created for {a.setup.name}. Send them this set-up link; it works once, for 7 days, and is shown only now:
            </p>
            <p className="code">{a.setup.link}</p>
          </div>
        ) : null}
      </section>
      <section className="card">
        <h2>Employers</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Employer</th>
                <th scope="col">Sector</th>
                <th scope="col">Jurisdiction</th>
                <th scope="col">Current workers</th>
              </tr>
            </thead>
            <tbody>
              {d.employers.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.name}</th>
                  <td>{e.sector}</td>
                  <td>
                    {e.jurisdiction}
                    {e.county ? `, ${e.county} County` : ""}
                  </td>
                  <td>{e.workers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>Add an employer and its administrator</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create-employer" />
          <Field name="employerName" label="Employer name" type="text" required error={a?.errors?.employerName} />
          <div className="field">
            <label htmlFor="f-sector">Sector</label>
            <select id="f-sector" name="sector">
              <option value="lodging">Lodging (hotels, motels)</option>
              <option value="transit">Transit</option>
            </select>
          </div>
          <Field name="jurisdiction" label="Jurisdiction" hint="State code, like US-WI" type="text" required error={a?.errors?.jurisdiction} />
          <Field name="county" label="County (optional)" type="text" />
          <Field name="name" label="Administrator's name" type="text" required error={a?.errors?.name} />
          <Field name="username" label="Administrator's username" type="text" autoCapitalize="none" required error={a?.errors?.username} />
          <Field name="email" label="Administrator's email" type="email" required error={a?.errors?.email} />
          <button type="submit" className="primary">
            Create employer
          </button>
        </Form>
      </section>
      <section className="card">
        <h2>Staff accounts</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Account</th>
                <th scope="col">Employer or jurisdiction</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {d.staff.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {s.name} <span className="meta">({s.username})</span>
                  </th>
                  <td>{s.kind}</td>
                  <td>{s.scope}</td>
                  <td>
                    {s.id === d.me ? (
                      "You"
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="userId" value={s.id} />
                        {s.disabled ? "Disabled " : "Active "}
                        <button type="submit" name="intent" value={s.disabled ? "enable" : "disable"} className="link-button">
                          {s.disabled ? "Enable" : "Disable"}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>Add a council auditor</h3>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create-council" />
          <Field name="jurisdiction" label="Jurisdiction they audit" hint="State code, like US-WI" type="text" required />
          <Field name="name" label="Name" type="text" required />
          <Field name="username" label="Username" type="text" autoCapitalize="none" required />
          <Field name="email" label="Email" type="email" required />
          <button type="submit" className="primary">
            Create council account
          </button>
        </Form>
      </section>
    </>
  );
}
