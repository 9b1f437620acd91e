import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { getExternalProof } from "#app/models/external-completions.server.ts";
import { requireEmployerAdmin } from "#app/server/auth.server.ts";

/** GET /employer/proofs/:id — the proof file of an outside course's completion, to this employer's admins only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { employer } = await requireEmployerAdmin(request);
  const proof = params.proofId && params.proofId.length <= 64 ? getExternalProof(employer.id, params.proofId) : undefined;
  if (!proof) throw data("No such proof.", { status: 404 });
  const ext = proof.proofType === "application/pdf" ? "pdf" : proof.proofType === "image/png" ? "png" : "jpg";
  return new Response(new Uint8Array(proof.proof), {
    headers: {
      "Content-Type": proof.proofType,
      // Served as a download under a name of ours: the stored name is only shown, never trusted.
      "Content-Disposition": `attachment; filename="proof-${params.proofId}.${ext}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      Digest: `sha-256=${Buffer.from(proof.proofSha256, "hex").toString("base64")}`,
    },
  });
}
