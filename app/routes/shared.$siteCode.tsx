import type { LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { getT } from "#app/i18n/i18n.server.ts";
import { sharedDeviceSiteByCode } from "#app/models/shared-device.server.ts";
import { markSharedDevice } from "#app/server/shared-device.server.ts";
import { signOut } from "#app/server/session.server.ts";
import type { MessagesHandle } from "#app/i18n/page-messages.ts";

export const handle = { messages: ["common"] } satisfies MessagesHandle;

const SiteCode = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/**
 * GET /shared/<site join code> — opened once on a break-room tablet by the employer's admin:
 * when that site's shared-device mode is on, the tablet is marked as the site's shared device
 * (a signed cookie) and whoever was signed in on it is signed out; then its start page. A code
 * of no site, or of a site with the mode off, is a 404 and changes nothing. See ADR 028.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const code = SiteCode.safeParse(params.siteCode);
  const site = code.success ? sharedDeviceSiteByCode(code.data) : undefined;
  if (!site) {
    const { t } = await getT(request);
    throw data(t("sharedDevice.notOnSite"), { status: 404 });
  }
  // Whoever set the tablet up (the admin, say) does not stay signed in on it.
  const out = await signOut(request, context);
  const headers = new Headers(out.headers);
  headers.set("Location", "/shared");
  headers.append("Set-Cookie", await markSharedDevice(request, site.siteId));
  return redirect("/shared", { headers });
}

/**
 * Never shown: the loader redirects or refuses. Having a component makes this a page route, so a
 * refusal is the site's error page in the reader's language rather than a bare resource answer.
 */
export default function SharedSite() {
  return null;
}
