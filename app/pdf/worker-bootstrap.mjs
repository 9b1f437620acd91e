// Entry of a PDF worker thread: registers tsx in this thread (loader flags such as
// --import do not reach worker threads), loads the TypeScript worker, then tells the pool
// it is ready (a job's time limit counts from when it is handed over, not from start-up).
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import("./worker.server.ts");
parentPort.postMessage({ ready: true });
