// Test runner: vitest, in three projects a newcomer can run apart.
//   unit         pure logic and small fixtures: no model, no server, no database (seconds)
//   integration  the real models, the real catalog, both stores (FerretDB when MONGODB_URI is set)
//   e2e          real servers and real clients (Socket.IO, raw WebSocket, REST, Chromium, Python,
//                LangGraph Studio, an OpenAI-compatible server), crashes and hostile clients, and
//                every command-line tool as a process
//   cluster      two server nodes on MongoDB and Redis (CI runs it after `npm test`)
// A new test file lands in integration unless it is listed below.
import { defineConfig } from "vitest/config";

const unit = [
  "test/alternatives.test.ts",
  "test/catalogGap.test.ts",
  "test/chatGuard.test.ts",
  "test/evals.attribution.test.ts",
  "test/evals.format.test.ts",
  "test/evals.metrics.test.ts",
  "test/jsonl.test.ts",
  "test/layers.test.ts",
  "test/listing.test.ts",
  "test/messages.test.ts",
  "test/nlu.counts.test.ts",
  "test/offerDetails.test.ts",
  "test/offers.test.ts",
  "test/productQuestions.test.ts",
  "test/relevance.test.ts",
  "test/routing.test.ts",
  "test/semantic.queryText.test.ts",
  "test/slotText.test.ts",
  "test/slots.test.ts",
  "test/trimHistory.test.ts",
];

const e2e = [
  "test/server*.test.ts",
  "test/chat.device.test.ts",
  "test/cli.test.ts",
  "test/chat.openai.test.ts",
  "test/langgraphDev.test.ts",
  "test/evals.agent.test.ts",
  "test/evals.report.test.ts",
  "test/reliability/*.test.ts",
];

export default defineConfig({
  test: {
    // Small talk from the corpus: the on-device model's own suites turn it on where they test it.
    env: { CHAT_MODEL: "off" },
    // One file at a time: suites start servers, FerretDB databases and model workers, and two
    // cores shared by several of them measure nothing but contention.
    fileParallelism: false,
    pool: "forks",
    // Suites load models and start servers in their hooks; a turn on a busy machine can take seconds.
    testTimeout: 120_000,
    hookTimeout: 600_000,
    projects: [
      { extends: true, test: { name: "unit", include: unit } },
      { extends: true, test: { name: "integration", include: ["test/*.test.ts"], exclude: [...unit, ...e2e] } },
      { extends: true, test: { name: "e2e", include: e2e } },
      { extends: true, test: { name: "cluster", include: ["test/cluster/*.test.ts"] } },
    ],
  },
});
