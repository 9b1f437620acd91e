/**
 * Which message namespaces a page's components use, by its path: the root loader sends the
 * browser only those (a module page needs common and worker, not the employer's 241
 * messages), and the root revalidates when a navigation moves to a page needing others.
 */
const BY_SECTION: Record<string, string[]> = {
  "": ["common", "worker"],
  learn: ["common", "worker"],
  join: ["common", "worker"],
  login: ["common", "auth"],
  logout: ["common", "auth"],
  forgot: ["common", "auth"],
  reset: ["common", "auth"],
  account: ["common", "auth"],
  language: ["common"],
  verify: ["common", "public"],
  certificates: ["common", "public"],
  transparency: ["common", "public"],
  employer: ["common", "employer", "public"],
  council: ["common", "council", "public"],
  admin: ["common", "admin", "public"],
};

export function namespacesForPath(pathname: string): string[] {
  // A client navigation's data request ("/learn/x.data", "/_root.data") names the same page.
  const page = pathname.replace(/\/_root\.data$/, "/").replace(/\.data$/, "");
  const section = page.split("/")[1] ?? "";
  return BY_SECTION[section] ?? ["common"];
}
