import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { employerRows } from "#app/models/council.server.ts";
import { requireCouncil } from "#app/utils/auth.server.ts";
import { EmployerTable } from "#app/components/employer-table.tsx";
import { Pager } from "#app/components/pager.tsx";
import { paginate } from "#app/domain/paging.ts";

export const meta: MetaFunction = () => [{ title: "Employers, ranked · Council · Frontline Ready" }];

const Query = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1),
  inactive: z.enum(["", "1"]).optional().default(""),
  q: z.string().trim().max(100).optional().default(""),
});
const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const council = await requireCouncil(request);
  const parsed = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw data("These filters are not valid.", { status: 400 });
  const q = parsed.data;
  const needle = q.q.toLowerCase();
  const rows = employerRows(council.jurisdiction)
    .filter((r) => r.covered > 0 && (!q.inactive || r.trained === 0) && (!needle || r.name.toLowerCase().includes(needle)))
    .sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || b.covered - a.covered || a.name.localeCompare(b.name));
  const { page, pages, total, rows: pageRows } = paginate(rows, q.page, PAGE);
  return { jurisdiction: council.jurisdiction, query: { ...q, page }, total, pages, rows: pageRows };
}

export default function RankedEmployers() {
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card">
      <p>
        <Link to="/council">← Training in {d.jurisdiction}</Link>
      </p>
      <h1>{d.query.inactive ? "Employers with no training activity" : "Employers ranked by training rate"}</h1>
      <form method="get" className="filters" role="search" aria-label="Find an employer">
        <div className="field">
          <label htmlFor="f-q">Employer name</label>
          <input id="f-q" type="search" name="q" defaultValue={d.query.q} />
        </div>
        <input type="hidden" name="inactive" value={d.query.inactive} />
        <button type="submit" className="primary">
          Find
        </button>
      </form>
      <p role="status">
        {d.total.toLocaleString("en-US")} employers with covered workers, lowest rate first{d.pages > 1 ? `; page ${d.query.page} of ${d.pages}` : ""}.
      </p>
      <EmployerTable rows={d.rows} />
      <Pager page={d.query.page} pages={d.pages} query={d.query} />
    </section>
  );
}
