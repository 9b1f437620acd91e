/**
 * The interface's messages: one JSON file per language and namespace. Server-only in
 * practice (imported by app/i18n/i18n.server.ts); the browser receives the namespaces a
 * page can use through the root loader.
 */
import enAdmin from "./en/admin.json";
import enAuth from "./en/auth.json";
import enBadges from "./en/badges.json";
import enCommon from "./en/common.json";
import enCouncil from "./en/council.json";
import enEmail from "./en/email.json";
import enEmployer from "./en/employer.json";
import enPdf from "./en/pdf.json";
import enPublic from "./en/public.json";
import enSso from "./en/sso.json";
import enWorker from "./en/worker.json";
import esAdmin from "./es/admin.json";
import esAuth from "./es/auth.json";
import esBadges from "./es/badges.json";
import esCommon from "./es/common.json";
import esCouncil from "./es/council.json";
import esEmail from "./es/email.json";
import esEmployer from "./es/employer.json";
import esPdf from "./es/pdf.json";
import esPublic from "./es/public.json";
import esSso from "./es/sso.json";
import esWorker from "./es/worker.json";
import type { Bundle, Lang } from "#app/i18n/translate.ts";

export const NAMESPACES = ["common", "auth", "worker", "public", "employer", "council", "admin", "email", "pdf", "badges", "sso"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const RESOURCES: Record<Lang, Bundle> = {
  en: { common: enCommon, auth: enAuth, worker: enWorker, public: enPublic, employer: enEmployer, council: enCouncil, admin: enAdmin, email: enEmail, pdf: enPdf, badges: enBadges, sso: enSso },
  es: { common: esCommon, auth: esAuth, worker: esWorker, public: esPublic, employer: esEmployer, council: esCouncil, admin: esAdmin, email: esEmail, pdf: esPdf, badges: esBadges, sso: esSso },
};
