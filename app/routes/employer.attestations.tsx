import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ActionFeedback } from "#app/components/action-feedback.tsx";
import { Field } from "#app/components/field.tsx";
import { attestationStatement, listAttestations, signAttestation } from "#app/models/attestation.server.ts";
import { getRuleFor } from "#app/models/content.server.ts";
import { requireEmployerAdmin } from "#app/utils/auth.server.ts";
import { now } from "#app/utils/clock.server.ts";
import { formValues, parseWith, readForm } from "#app/utils/forms.server.ts";
import { clientAddress } from "#app/utils/request.server.ts";

export const meta: MetaFunction = () => [{ title: "Attestations · Frontline Ready" }];

/** The periods one may sign: this year and last year. */
function periods(t: Date) {
  const y = t.getUTCFullYear();
  return [String(y), String(y - 1)];
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const rule = getRuleFor(employer);
  const t = now();
  const required = rule?.policy.employerAttestation ?? null;
  return {
    signer: admin.name,
    rule: rule ? { title: rule.policy.title, citation: rule.policy.citation } : null,
    required: required ? { what: required.what, dueMonthDay: required.dueMonthDay ?? null } : null,
    statement: rule && required ? attestationStatement(employer, rule, periods(t)[0]!) : null,
    periods: periods(t),
    signed: listAttestations(employer.id).map((a) => ({
      id: a.id,
      period: a.period,
      signedName: a.signedName,
      signedTitle: a.signedTitle,
      signedAt: new Date(a.signedAt).toISOString().slice(0, 16).replace("T", " "),
      covered: a.covered,
      compliant: a.compliant,
      ruleVersion: `${a.ruleId}@${a.ruleVersion}`,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { admin, employer } = await requireEmployerAdmin(request);
  const rule = getRuleFor(employer);
  if (!rule?.policy.employerAttestation) {
    throw data("The training rule for your jurisdiction does not ask employers for an attestation.", { status: 409 });
  }
  const Sign = z.object({
    period: z.enum(periods(now()) as [string, ...string[]], { error: "Choose the period you attest for" }),
    signedName: z.string().trim().min(2, "Type your full name to sign").max(100),
    signedTitle: z.string().trim().min(2, "Enter your job title").max(100),
    confirm: z.literal("yes", { error: "Tick the box to confirm the statement" }),
  });
  const parsed = parseWith(Sign, formValues(await readForm(request)));
  if (!parsed.ok) return data({ errors: parsed.errors, done: null }, { status: 400 });
  const result = signAttestation({ admin, employer, rule, ...parsed.data, clientAddress: clientAddress(context) }, now());
  if (!result.ok) return data({ errors: { period: `An attestation for ${parsed.data.period} is already signed.` } as Record<string, string>, done: null }, { status: 409 });
  return { errors: undefined, done: `Attestation for ${parsed.data.period} signed and recorded.` };
}

export default function Attestations() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  return (
    <section className="card">
      <p>
        <Link to="/employer">← Dashboard</Link>
      </p>
      <h1>Employer attestations</h1>
      {d.required && d.rule ? (
        <>
          <p>
            {d.rule.title}: {d.required.what}
            {d.required.dueMonthDay ? ` Due every year by ${d.required.dueMonthDay} (month-day).` : ""}
          </p>
          <ActionFeedback errors={a?.errors} done={a?.done} />
          <Form method="post" noValidate>
            <div className="field">
              <label htmlFor="f-period">Period</label>
              <select id="f-period" name="period">
                {d.periods.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <p className="error-text" id="f-period-error" role={a?.errors?.period ? "alert" : undefined}>
                {a?.errors?.period ?? ""}
              </p>
            </div>
            <blockquote className="notice">{d.statement}</blockquote>
            <Field name="signedName" label="Your full name (your signature)" type="text" defaultValue={d.signer} required error={a?.errors?.signedName} />
            <Field name="signedTitle" label="Your job title" type="text" required error={a?.errors?.signedTitle} />
            <label className="choice">
              <input type="checkbox" name="confirm" value="yes" required />
              <span>I confirm the statement above.</span>
            </label>
            <p className="error-text" role={a?.errors?.confirm ? "alert" : undefined}>
              {a?.errors?.confirm ?? ""}
            </p>
            <button type="submit" className="primary">
              Sign attestation
            </button>
          </Form>
        </>
      ) : (
        <p>The training rule for your jurisdiction does not ask employers for an attestation.</p>
      )}
      <h2>Signed</h2>
      {d.signed.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul>
          {d.signed.map((s) => (
            <li key={s.id}>
              {s.period}: signed by {s.signedName} ({s.signedTitle}) on {s.signedAt} UTC; {s.compliant} of {s.covered} covered workers compliant.{" "}
              <a href={`/employer/attestations/${s.id}.pdf`}>Print (PDF)</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
