// Entry of the PDF worker thread: registers tsx in this thread (loader flags such as
// --import do not reach worker threads), then loads the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./worker.server.ts");
