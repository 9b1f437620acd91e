/**
 * A PDF page as a PNG, drawn by poppler's `pdftoppm` (Debian's poppler-utils, installed by
 * .ci/run): the same react-pdf layout as the PDFs, drawn by a maintained PDF renderer rather
 * than a second layout in another tool (ADR 029). Runs as a child process with a time limit;
 * the PDF goes in on stdin and the PNG comes back on stdout (no output root named), nothing is written to disk.
 */
import { execFile } from "node:child_process";

const PDFTOPPM = process.env.PDFTOPPM_PATH || "pdftoppm";
const TIMEOUT_MS = 20_000;

export class PngRenderError extends Error {}

/** The first page of `pdf` as a PNG of exactly `width` × `height` pixels. */
export function pdfPageToPng(pdf: Uint8Array, size: { width: number; height: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      PDFTOPPM,
      ["-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", String(size.width), "-scale-to-y", String(size.height), "-"],
      { encoding: "buffer", maxBuffer: 32 * 1024 * 1024, timeout: TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) reject(new PngRenderError(`pdftoppm failed: ${error.message} ${stderr.toString().slice(0, 500)}`));
        else resolve(stdout);
      },
    );
    child.stdin!.on("error", () => {});
    child.stdin!.end(Buffer.from(pdf));
  });
}
