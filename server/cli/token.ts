/**
 * npm run token -- <user_id> [--ttl 12h] [--staff]
 * Prints a shopper token signed with AUTH_SECRET (for the web page, clients and curl); --staff
 * signs a staff token (the handoff endpoints: /api/handoffs).
 */
import { config } from "../../config.js";
import { commandLine, exitWithUsage } from "../../retrieval/cli/args.js";
import { signShopperToken } from "../auth.js";

const USAGE = "npm run token -- <user_id> [--ttl 12h] [--staff]";
const { positionals, values } = commandLine(USAGE, { allowPositionals: true, options: { ttl: { type: "string", default: "12h" }, staff: { type: "boolean", default: false } } });
const userId = positionals[0];
if (!config.authSecret) {
  console.error("AUTH_SECRET is not set: the server runs in open mode and needs no token");
  process.exit(2);
}
if (!userId || positionals.length > 1) exitWithUsage(USAGE, "one user id");
try {
  console.log(await signShopperToken(config.authSecret, userId, values.ttl, values.staff ? "staff" : undefined));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
}
