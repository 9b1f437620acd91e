/** The server build the Remix Vite plugin generates (see page-messages.server.ts). */
declare module "virtual:remix/server-build" {
  import type { ServerBuild } from "@remix-run/node";
  export const routes: ServerBuild["routes"];
}
