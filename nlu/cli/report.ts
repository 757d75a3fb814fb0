/**
 * npm run nlu:report [-- --dialogues <file|dir>] [--no-suite]
 *
 * What the rules of nlu/rules/ do on the dialogue suites: each intent rule's hits and precision
 * against the turns' expected intents (a rule that fires on a turn labelled otherwise is a
 * misfire), then the suites played with rules on and with rules off (NLU_RULES), so the encoder's
 * share of the result is visible.
 */
import path from "node:path";
import { config, ROOT_DIR } from "../../config.js";
import { loadDialogues } from "../../evals/load.js";
import { playAll } from "../../evals/play.js";
import { buildReport } from "../../evals/report/json.js";
import { pct } from "../../evals/report/format.js";
import { InProcessTarget, openAgent } from "../../evals/targets/inprocess.js";
import { loadIntentRules } from "../rules.js";
import { commandLine } from "../../retrieval/cli/args.js";

const { values: o } = commandLine("npm run nlu:report -- [--dialogues <file|dir>] [--no-suite]", {
  options: { dialogues: { type: "string", default: path.join(ROOT_DIR, "evals", "dialogues") }, "no-suite": { type: "boolean", default: false } },
});
const dialogues = loadDialogues(o.dialogues);
const turns = dialogues.flatMap((d) => d.turns).filter((t) => t.expect?.intent !== undefined);

console.log(`## Intent rules on ${turns.length} turns with an expected intent (${path.relative(ROOT_DIR, o.dialogues) || "."})\n`);
console.log("| rule | intent | hits | correct | precision | misfires (first 3) |");
console.log("|---|---|---|---|---|---|");
for (const rule of loadIntentRules()) {
  const hits = turns.filter((t) => rule.re.test(t.user));
  const wrong = hits.filter((t) => t.expect!.intent !== rule.intent);
  const precision = hits.length === 0 ? "n/a" : pct((hits.length - wrong.length) / hits.length);
  const misfires = wrong.slice(0, 3).map((t) => `"${t.user.slice(0, 40)}" (${t.expect!.intent})`).join("; ");
  console.log(`| ${rule.name} | ${rule.intent} | ${hits.length} | ${hits.length - wrong.length} | ${precision} | ${misfires} |`);
}

if (!o["no-suite"]) {
  console.log("\n## The suites with rules on and off\n");
  console.log("| rules | dialogues | success | turns | intent accuracy | slot F1 |");
  console.log("|---|---|---|---|---|---|");
  for (const rules of [true, false]) {
    const target = new InProcessTarget(await openAgent({ ...config, nluRules: rules }, "scratch"));
    try {
      const records = await playAll(target, dialogues, { runTag: Date.now().toString(36).slice(-6) });
      const r = buildReport(records, { target: target.name, dialogues_path: o.dialogues, started_at: "", finished_at: "", model_dir: null, node: process.version });
      console.log(`| ${rules ? "on" : "off"} | ${r.dialogues} | ${pct(r.dialogue_success_rate)} | ${pct(r.turn_pass_rate)} | ${pct(r.intent_accuracy)} | ${r.slot_f1?.toFixed(3) ?? "n/a"} |`);
    } finally {
      await target.close();
    }
  }
}
process.exit(0);
