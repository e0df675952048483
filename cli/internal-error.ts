import { escapeControl } from '../io/escape-text.js';

/**
 * The one line printed for a bug in vnetc itself (never for a user's mistake, which is a
 * diagnostic). With --debug the stack follows, so a report can say where it happened.
 */
export function formatInternalError(error: unknown, debug: boolean): string {
  // Escaped: the message may quote a file name or model text; it must stay one line.
  const message = escapeControl(error instanceof Error ? error.message : String(error));
  const line = `vnetc: internal error: ${message} (please report it; rerun with --debug for the stack)\n`;
  if (!debug) return line;
  const stack = error instanceof Error && error.stack ? error.stack : String(error);
  return `${line}${stack}\n`;
}
