import { readFileSync } from 'node:fs';

/** No such process, or only its zombie (killed, not yet reaped by its new parent). */
export function processGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .startsWith('Z');
  } catch {
    return true;
  }
}
