// Worker bootstrap: registers the TypeScript loader itself and then loads the worker, so the
// worker does not depend on the parent's Node flags (a host such as the LangGraph dev server
// passes preload flags that must not run inside model workers).
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
