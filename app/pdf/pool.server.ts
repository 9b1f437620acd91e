/**
 * One long-lived worker thread that renders PDFs, so rendering never blocks the requests
 * of other users (ADR 009). Jobs queue in the worker; the thread is started on first use,
 * holds the process open only while jobs are pending, stops after 30 idle seconds, and
 * restarts after a crash.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PdfJob, PdfReply } from "./worker.server.ts";

let worker: Worker | undefined;
let nextId = 1;
/** An idle worker is stopped after this long: its isolate (React, react-pdf, fonts) holds ~70 MB. */
const IDLE_MS = 30_000;
let idleTimer: NodeJS.Timeout | undefined;
const pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();

function failAll(error: Error) {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(path.resolve(process.cwd(), "app/pdf/worker-bootstrap.mjs"));
  w.unref();
  w.on("message", (reply: PdfReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) {
      w.unref();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        if (worker === w && pending.size === 0) {
          worker = undefined;
          void w.terminate();
        }
      }, IDLE_MS);
      idleTimer.unref();
    }
    if (reply.ok) p.resolve(Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength));
    else p.reject(new Error(`PDF rendering failed: ${reply.error}`));
  });
  w.on("error", (error) => {
    if (worker === w) worker = undefined;
    failAll(error);
  });
  w.on("exit", (code) => {
    if (worker === w) worker = undefined;
    if (pending.size > 0) failAll(new Error(`The PDF worker stopped (exit code ${code})`));
  });
  worker = w;
  return w;
}

export function renderInWorker(job: PdfJob): Promise<Buffer> {
  clearTimeout(idleTimer);
  const w = getWorker();
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, job });
  });
}

export async function stopPdfWorker() {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}
