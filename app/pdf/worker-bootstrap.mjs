// Entry of a PDF worker thread when the server runs from source (tests, `remix vite:dev`):
// registers tsx in this thread (loader flags such as --import do not reach worker threads) and
// loads the TypeScript worker, which tells the pool when it is ready. From the build, the pool
// starts the compiled build/node/pdf-worker.js instead (app/cli/build-node.ts).
import { register } from "tsx/esm/api";

register();
await import("./worker.server.ts");
