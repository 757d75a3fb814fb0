// Worker bootstrap: registers the TypeScript loader itself and then loads the worker, so the
// worker does not depend on the parent's Node flags (a host such as the LangGraph dev server
// passes preload flags that must not run inside model workers).
//
// @huggingface/transformers (the tokenizers) is imported before the loader is registered: through
// tsx its 1.4 MB bundle cost about 0.45 s and 145 MB per worker, through Node's own loader 0.1 s
// and a few MB; worker.ts then gets the module Node already holds.
await import("@huggingface/transformers");
const { register } = await import("tsx/esm/api");
register();
await import("./worker.ts");
