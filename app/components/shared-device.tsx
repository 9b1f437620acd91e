/**
 * What a break-room tablet in shared-device mode shows on every page (ADR 028): a bar naming
 * the site, with "I'm done" for a signed-in worker; the idle sign-out, which the server
 * enforces anyway. Without JavaScript a meta refresh leads to the start page (which signs out)
 * when the server's idle limit has passed; with JavaScript a warning comes a minute before, with
 * "I'm still here", and the timer starts again at every page the worker opens.
 */
import { useEffect, useState } from "react";
import { Form, useLocation, useRevalidator, useRouteLoaderData } from "@remix-run/react";
import { useT } from "./i18n.tsx";

export interface SharedDeviceView {
  site: string;
  employer: string;
  idleMs: number;
  warnBeforeMs: number;
}

/** The tablet's shared-device mode, from the root loader; null on any other device. */
export function useSharedDevice(): SharedDeviceView | null {
  const root = useRouteLoaderData("root") as { sharedDevice?: SharedDeviceView | null } | undefined;
  return root?.sharedDevice ?? null;
}

/** `autoComplete` for a form or field on this device: "off" on a shared tablet, else the field's own. */
export function useAutoComplete(own?: string): string | undefined {
  return useSharedDevice() ? "off" : own;
}

/** Where the tablet goes when the session has been idle: its start page signs out whoever is left. */
export const SHARED_IDLE_PATH = "/shared?idle=1";

export function SharedDeviceBar({ signedIn }: { signedIn: boolean }) {
  const shared = useSharedDevice();
  const t = useT();
  const location = useLocation();
  const revalidator = useRevalidator();
  const [warning, setWarning] = useState(false);
  // The server counts idle time from the last request: each page opened, and each "I'm still
  // here" (which reloads the page's data), starts the timer again.
  const since = `${location.key}:${revalidator.state}`;
  useEffect(() => {
    if (!shared || !signedIn || revalidator.state !== "idle") return;
    setWarning(false);
    const warn = window.setTimeout(() => setWarning(true), shared.idleMs - shared.warnBeforeMs);
    const leave = window.setTimeout(() => window.location.assign(SHARED_IDLE_PATH), shared.idleMs);
    return () => {
      window.clearTimeout(warn);
      window.clearTimeout(leave);
    };
  }, [shared, signedIn, since, revalidator.state]);
  if (!shared) return null;
  const minutes = Math.round(shared.idleMs / 60_000);
  return (
    <div className="shared-device-bar" data-testid="shared-device-bar">
      <div className="wrap">
        <p>{t("sharedDevice.banner", { site: shared.site, employer: shared.employer, minutes })}</p>
        {signedIn ? (
          <>
            <noscript>
              {/* Without JavaScript: to the start page once the server's idle limit has passed. */}
              <meta httpEquiv="refresh" content={`${Math.ceil(shared.idleMs / 1000) + 5};url=${SHARED_IDLE_PATH}`} />
            </noscript>
            <Form method="post" action="/logout" className="inline-form">
              <button type="submit" className="button secondary">
                {t("sharedDevice.done")}
              </button>
            </Form>
          </>
        ) : null}
        {warning ? (
          <div role="alertdialog" aria-labelledby="shared-warning-title" aria-describedby="shared-warning-text" className="shared-device-warning">
            <h2 id="shared-warning-title">{t("sharedDevice.warningTitle")}</h2>
            <p id="shared-warning-text">{t("sharedDevice.warningText")}</p>
            <button type="button" className="button" autoFocus onClick={() => revalidator.revalidate()}>
              {t("sharedDevice.stay")}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
