/**
 * vitest skips on a boolean; the suites here know why they cannot run (no MongoDB, no Chromium,
 * no model file). `skipped(reason)` prints that reason once per suite and returns the boolean, so a
 * skipped suite is counted as skipped in the summary and says why in the log.
 */
export function skipped(reason: string | false | undefined): boolean {
  if (reason) console.warn(`skipped: ${reason}`);
  return Boolean(reason);
}
