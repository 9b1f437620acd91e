/**
 * The addresses the app gives people (in QR codes, emails, PDFs, links and redirects), built
 * from the site's public origin. Pure: the origin is the caller's, from
 * app/utils/public-url.server.ts (PUBLIC_URL, or the request's origin).
 */
import { formatCertificateCode } from "./certificate-code.ts";

/** The origin without trailing slashes: "https://frontline.example.org/" → "https://frontline.example.org". */
export function trimOrigin(origin: string): string {
  return origin.replace(/\/+$/, "");
}

/** `path` (starting with "/") on the site. */
export function siteUrl(origin: string, path: string): string {
  return `${trimOrigin(origin)}${path}`;
}

/** The public check page of a certificate, its code as printed: "/verify/7KX4P-DEM24-QRT9H"; without a code, the page that asks for one. */
export function verifyPath(code?: string): string {
  return code === undefined ? "/verify" : `/verify/${formatCertificateCode(code)}`;
}

/** What a certificate's QR code holds: its public check page. */
export function verifyUrl(origin: string, code?: string): string {
  return siteUrl(origin, verifyPath(code));
}

/** The holder's own page for a certificate: "/certificates/7KX4P-DEM24-QRT9H". */
export function certificatePath(code: string): string {
  return `/certificates/${formatCertificateCode(code)}`;
}

/** Where a worker joins an employer (or one of its sites) with its join code: on posters and the employer's pages. */
export function joinUrl(origin: string, joinCode: string): string {
  return siteUrl(origin, joinPath(joinCode));
}

/** The join page's path for a join code: "/join/LAKESIDE-MAIN". */
export function joinPath(joinCode: string): string {
  return `/join/${joinCode}`;
}

/** The link an admin opens on a break-room tablet to make it a site's shared device (ADR 028). */
export function sharedDeviceUrl(origin: string, siteJoinCode: string): string {
  return siteUrl(origin, `/shared/${siteJoinCode}`);
}
