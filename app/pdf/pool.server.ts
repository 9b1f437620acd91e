/**
 * The PDF workers: rendering never blocks other users' requests (ADR 009), and one employer's
 * PDFs cannot hold up everyone else's (ADR 011).
 *
 * - Two lanes, each its own worker thread: `report` (compliance reports, which grow with the
 *   roster) and `document` (certificates, cards, posters, signs, attestations: one page each).
 *   A big report never queues a certificate behind it.
 * - A worker renders one job at a time, within a time limit and a memory limit (the thread's
 *   `resourceLimits`). A job over either is stopped by ending its thread: the caller gets a
 *   PdfJobError, and the lane starts a new thread for the next job.
 * - Jobs wait in a queue per tenant (the employer), served in turn (round robin): a tenant
 *   with many jobs waits behind its own, not in front of others. A tenant may have only a few
 *   report jobs waiting or running; one more is refused at once with a PdfBusyError (→ 429).
 * - A thread starts on first use, holds the process open only while it has work, and stops
 *   after 30 idle seconds (its isolate holds ~70 MB).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { PdfJob, PdfReply } from "./worker.server.ts";

export type PdfLaneName = "report" | "document";

export interface PdfLaneLimits {
  /** A job running longer is stopped. */
  timeLimitMs: number;
  /** The worker thread's old-generation heap (resourceLimits.maxOldGenerationSizeMb). */
  memoryMb: number;
  /** Jobs one tenant may have waiting or running; one more is refused (PdfBusyError). */
  maxPerTenant: number;
  /** Jobs the lane may hold in all; one more is refused. */
  maxQueued: number;
  /** What a refusal tells the caller to wait, in seconds. */
  retryAfterSeconds: number;
}

export interface PdfPoolOptions {
  lanes: Record<PdfLaneName, PdfLaneLimits>;
  /** An idle worker thread stops after this long. */
  idleMs: number;
  /** A worker thread that has not started by then counts as failed. */
  startTimeoutMs: number;
}

export const DEFAULT_POOL_OPTIONS: PdfPoolOptions = {
  lanes: {
    // 18,000 rows: ~6 s of CPU, under 30 s on a loaded 2-core machine, and under 128 MB of heap (npm run bench:report).
    report: { timeLimitMs: 120_000, memoryMb: 512, maxPerTenant: 2, maxQueued: 50, retryAfterSeconds: 30 },
    // A one-page document takes ~15–200 ms. 128 MB of old space (64 MB made renders hang, ADR 036).
    document: { timeLimitMs: 20_000, memoryMb: 128, maxPerTenant: 50, maxQueued: 1_000, retryAfterSeconds: 5 },
  },
  idleMs: 30_000,
  startTimeoutMs: 60_000,
};

export const laneOf = (job: PdfJob): PdfLaneName => (job.kind === "report" ? "report" : "document");

/** Too many jobs waiting: refused before any work was done. */
export class PdfBusyError extends Error {
  constructor(
    readonly lane: PdfLaneName,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many PDF jobs are waiting in the ${lane} lane`);
    this.name = "PdfBusyError";
  }
}

/** A job that was stopped (over its time or memory limit), whose worker died, or that failed. */
export class PdfJobError extends Error {
  constructor(
    readonly reason: "timeout" | "memory" | "crashed" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "PdfJobError";
  }
}

export interface RenderOptions {
  /** Whose job this is: jobs are served in turn by tenant (an employer id, or "user:<id>"). */
  tenant: string;
  /** Overrides the lane's time limit for this job. */
  timeLimitMs?: number;
  /** A job still waiting when this aborts (the client went away) is dropped. */
  signal?: AbortSignal;
}

interface Task {
  id: number;
  job: PdfJob;
  tenant: string;
  timeLimitMs: number;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
  dropWhenAborted?: () => void;
}

/**
 * The PDF thread's entry file. From the build (this module is bundled into
 * build/server/index.js): the compiled build/node/pdf-worker.js beside it, plain JavaScript
 * (app/cli/build-node.ts). From source (tests, `remix vite:dev`): worker-bootstrap.mjs, which
 * loads the TypeScript through tsx. A build without its compiled worker is refused at start-up
 * rather than failing at the first PDF.
 */
export function pdfWorkerEntry(moduleUrl: string = import.meta.url): string {
  const file = fileURLToPath(moduleUrl);
  if (/\.tsx?$/.test(file)) return path.resolve(process.cwd(), "app/pdf/worker-bootstrap.mjs");
  const compiled = fileURLToPath(new URL("../node/pdf-worker.js", moduleUrl));
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: build with \`npm run build\` (it compiles the PDF thread beside the Remix build).`);
  return compiled;
}

const WORKER_ENTRY = pdfWorkerEntry();

class Lane {
  /** Waiting tasks per tenant, and the tenants with waiting tasks in serving order. */
  private readonly waiting = new Map<string, Task[]>();
  private readonly turn: string[] = [];
  private readonly perTenant = new Map<string, number>();
  private queued = 0;
  private worker: Worker | undefined;
  private ready = false;
  private running: { task: Task; timer: NodeJS.Timeout } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: PdfLaneName,
    private readonly limits: PdfLaneLimits,
    private readonly options: PdfPoolOptions,
    private readonly nextId: () => number,
  ) {}

  submit(job: PdfJob, opts: RenderOptions): Promise<Buffer> {
    const count = this.perTenant.get(opts.tenant) ?? 0;
    if (count >= this.limits.maxPerTenant || this.queued >= this.limits.maxQueued) {
      return Promise.reject(new PdfBusyError(this.name, this.limits.retryAfterSeconds));
    }
    if (opts.signal?.aborted) return Promise.reject(new PdfJobError("failed", "The request was aborted"));
    return new Promise<Buffer>((resolve, reject) => {
      const task: Task = { id: this.nextId(), job, tenant: opts.tenant, timeLimitMs: opts.timeLimitMs ?? this.limits.timeLimitMs, resolve, reject };
      if (opts.signal) {
        const signal = opts.signal;
        const onAbort = () => this.drop(task);
        signal.addEventListener("abort", onAbort, { once: true });
        task.dropWhenAborted = () => signal.removeEventListener("abort", onAbort);
      }
      this.perTenant.set(task.tenant, count + 1);
      this.queued++;
      const list = this.waiting.get(task.tenant);
      if (list) list.push(task);
      else {
        this.waiting.set(task.tenant, [task]);
        this.turn.push(task.tenant);
      }
      this.pump();
    });
  }

  /** How many jobs wait or run, for tests and the benchmark. */
  size() {
    return this.queued;
  }

  /** The lane's worker thread, if one is alive (tests and the benchmark watch it stop). */
  thread(): Worker | undefined {
    return this.worker;
  }

  async stop() {
    const w = this.worker;
    this.discardWorker();
    for (const list of this.waiting.values()) for (const t of list) this.settle(t, new PdfJobError("crashed", "The PDF workers were stopped"));
    this.waiting.clear();
    this.turn.length = 0;
    if (w) await w.terminate();
  }

  private drop(task: Task) {
    const list = this.waiting.get(task.tenant);
    const at = list?.indexOf(task) ?? -1;
    if (!list || at < 0) return; // running or done: it finishes
    list.splice(at, 1);
    if (list.length === 0) {
      this.waiting.delete(task.tenant);
      this.turn.splice(this.turn.indexOf(task.tenant), 1);
    }
    this.settle(task, new PdfJobError("failed", "The request was aborted"));
  }

  /** Settles a task once and gives back its places in the queue. */
  private settle(task: Task, result: Buffer | Error) {
    task.dropWhenAborted?.();
    const left = (this.perTenant.get(task.tenant) ?? 1) - 1;
    if (left > 0) this.perTenant.set(task.tenant, left);
    else this.perTenant.delete(task.tenant);
    this.queued--;
    if (result instanceof Error) task.reject(result);
    else task.resolve(result);
  }

  /** The next task, taking tenants in turn. */
  private take(): Task | undefined {
    const tenant = this.turn.shift();
    if (tenant === undefined) return undefined;
    const list = this.waiting.get(tenant)!;
    const task = list.shift()!;
    if (list.length > 0) this.turn.push(tenant);
    else this.waiting.delete(tenant);
    return task;
  }

  private pump() {
    if (this.running || this.turn.length === 0) return;
    clearTimeout(this.idleTimer);
    const w = this.worker ?? this.startWorker();
    w.ref(); // jobs wait: keep the process alive until they are done
    if (!this.ready) return; // started, or starting: "ready" pumps again
    const task = this.take()!;
    const timer = setTimeout(() => this.fail(w, new PdfJobError("timeout", `The PDF job took longer than its limit of ${task.timeLimitMs / 1000} s and was stopped`)), task.timeLimitMs);
    this.running = { task, timer };
    w.postMessage({ id: task.id, job: task.job });
  }

  private startWorker(): Worker {
    const w = new Worker(WORKER_ENTRY, { resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb } });
    this.worker = w;
    this.ready = false;
    w.unref();
    this.startTimer = setTimeout(() => this.fail(w, new PdfJobError("crashed", "The PDF worker did not start in time")), this.options.startTimeoutMs);
    this.startTimer.unref();
    w.on("message", (message: PdfReply | { ready: true }) => {
      if (w !== this.worker) return;
      if ("ready" in message) {
        clearTimeout(this.startTimer);
        this.ready = true;
        this.pump();
        // The job it was started for may have gone (its request was aborted while the thread
        // started): an idle thread stops like any other, or it lived on (ADR 036).
        if (!this.running) this.idle(w);
        return;
      }
      const run = this.running;
      if (!run || run.task.id !== message.id) return;
      clearTimeout(run.timer);
      this.running = undefined;
      if (message.ok) this.settle(run.task, Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
      else this.settle(run.task, new PdfJobError("failed", `PDF rendering failed: ${message.error}`));
      this.afterJob(w);
    });
    w.on("error", (error: Error & { code?: string }) => {
      const memory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.fail(w, new PdfJobError(memory ? "memory" : "crashed", memory ? `The PDF job needed more than its memory limit of ${this.limits.memoryMb} MB and was stopped` : `The PDF worker failed: ${error.message}`));
    });
    w.on("exit", (code) => this.fail(w, new PdfJobError("crashed", `The PDF worker stopped (exit code ${code})`)));
    return w;
  }

  /**
   * Ends the worker `w` (if it is still this lane's) and fails the job it was running; the
   * next job gets a new worker. A worker that could not start fails every waiting job
   * instead of starting again and again.
   */
  private fail(w: Worker, error: PdfJobError) {
    if (w !== this.worker) return;
    const wasReady = this.ready;
    this.discardWorker();
    void w.terminate();
    const run = this.running;
    this.running = undefined;
    if (run) {
      clearTimeout(run.timer);
      this.settle(run.task, error);
    }
    if (!wasReady) {
      for (let t = this.take(); t; t = this.take()) this.settle(t, error);
      return;
    }
    this.pump();
  }

  private discardWorker() {
    clearTimeout(this.startTimer);
    clearTimeout(this.idleTimer);
    if (this.running) clearTimeout(this.running.timer);
    this.worker = undefined;
    this.ready = false;
  }

  private afterJob(w: Worker) {
    if (this.turn.length > 0) return this.pump();
    this.idle(w);
  }

  /** The thread `w` has nothing to do: it stops after `idleMs` unless a job comes. */
  private idle(w: Worker) {
    w.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.worker === w && !this.running && this.turn.length === 0) {
        this.discardWorker();
        void w.terminate();
      }
    }, this.options.idleMs);
    this.idleTimer.unref();
  }
}

export class PdfPool {
  private readonly lanes: Record<PdfLaneName, Lane>;
  private id = 1;

  constructor(options: PdfPoolOptions = DEFAULT_POOL_OPTIONS) {
    const nextId = () => this.id++;
    this.lanes = {
      report: new Lane("report", options.lanes.report, options, nextId),
      document: new Lane("document", options.lanes.document, options, nextId),
    };
  }

  render(job: PdfJob, opts: RenderOptions): Promise<Buffer> {
    return this.lanes[laneOf(job)].submit(job, opts);
  }

  /** Jobs waiting or running in a lane. */
  size(lane: PdfLaneName) {
    return this.lanes[lane].size();
  }

  /** A lane's worker thread, if one is alive. */
  thread(lane: PdfLaneName): Worker | undefined {
    return this.lanes[lane].thread();
  }

  async stop() {
    await Promise.all([this.lanes.report.stop(), this.lanes.document.stop()]);
  }
}

/** The time limits can be set per deployment (milliseconds). */
function optionsFromEnv(): PdfPoolOptions {
  const num = (name: string, fallback: number) => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const d = DEFAULT_POOL_OPTIONS.lanes;
  return {
    ...DEFAULT_POOL_OPTIONS,
    lanes: {
      report: { ...d.report, timeLimitMs: num("PDF_REPORT_TIME_LIMIT_MS", d.report.timeLimitMs), memoryMb: num("PDF_REPORT_MEMORY_MB", d.report.memoryMb) },
      document: { ...d.document, timeLimitMs: num("PDF_DOCUMENT_TIME_LIMIT_MS", d.document.timeLimitMs), memoryMb: num("PDF_DOCUMENT_MEMORY_MB", d.document.memoryMb) },
    },
  };
}

let pool: PdfPool | undefined;

/** Renders a PDF in the process's pool. Rejects with PdfBusyError or PdfJobError. */
export function renderInWorker(job: PdfJob, opts: RenderOptions): Promise<Buffer> {
  pool ??= new PdfPool(optionsFromEnv());
  return pool.render(job, opts);
}

export async function stopPdfWorker() {
  const p = pool;
  pool = undefined;
  await p?.stop();
}
