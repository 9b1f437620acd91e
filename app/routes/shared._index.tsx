import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useT } from "#app/components/i18n.tsx";
import { joinPath } from "#app/domain/public-urls.ts";
import { getT } from "#app/i18n/i18n.server.ts";
import { getSharedDevice, SHARED_DEVICE_IDLE_MS } from "#app/server/shared-device.server.ts";
import { getUser, signOut } from "#app/server/session.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

/** Its messages are the common ones (sharedDevice), which every page has. */
export const handle = { messages: ["common"] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Frontline Ready" }];

const Query = z.object({
  ended: z.enum(["done", "idle", "passed"]).optional().catch(undefined),
  idle: z.literal("1").optional().catch(undefined),
});

/**
 * GET /shared — a shared tablet's start page (ADR 028): the next person starts here, with
 * nothing of the last one on screen. `?idle=1` is where the tablet goes when its session has
 * been idle (the JavaScript timer, or a meta refresh without JavaScript): whoever is still
 * signed in is signed out. `?ended=…` says why the last session ended. A device that is not a
 * shared tablet of a site with the mode on gets a 404.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const site = await getSharedDevice(request);
  const { t } = await getT(request);
  if (!site) throw data(t("sharedDevice.notShared"), { status: 404 });
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const user = await getUser(request);
  if (user) {
    // A signed-in visit to the start page (the idle timer, the back button, a typed address)
    // ends the session: the start page is for the next person.
    throw await signOut(request, context, query.idle ? "idle" : "done");
  }
  return {
    pageTitle: t("sharedDevice.metaTitle"),
    site: { name: site.siteName, employer: site.employerName, joinPath: joinPath(site.joinCode) },
    minutes: SHARED_DEVICE_IDLE_MS / 60_000,
    ended: query.ended ?? (query.idle ? ("idle" as const) : null),
  };
}

export default function SharedStart() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="card shared-start">
      {d.ended ? (
        <p className="notice" role="status">
          {t(`sharedDevice.ended.${d.ended}`)}
        </p>
      ) : null}
      <h1>{t("sharedDevice.startTitle", { site: d.site.name })}</h1>
      <p>{t("sharedDevice.startIntro", { employer: d.site.employer, minutes: d.minutes })}</p>
      <div className="actions">
        <Link className="button" to={d.site.joinPath}>
          {t("sharedDevice.newHere")}
        </Link>
        <Link className="button secondary" to="/login">
          {t("sharedDevice.haveAccount")}
        </Link>
      </div>
    </section>
  );
}
