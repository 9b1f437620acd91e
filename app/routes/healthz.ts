import { isReady } from "#app/server/startup.server.ts";

export async function loader() {
  if (!isReady()) return Response.json({ status: "starting" }, { status: 503 });
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
