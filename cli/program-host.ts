import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  /** False with --no-color. */
  readonly color: boolean;
  readonly debug: boolean;
}

/** What the program needs from its host: main.ts gives the real process, tests a capturing one. */
export interface ProgramHost {
  readonly version: string;
  /** The context a command runs in, once the global options are known. */
  readonly context: (globals: GlobalOptions) => CliContext;
  /** Receives the exit code a command returned. */
  readonly exit: (code: number) => void;
  /** Where commander writes help, version and usage errors (default: the process streams). */
  readonly writeOut?: (text: string) => void;
  readonly writeErr?: (text: string) => void;
}

/** A command: it adds itself (name, options, action) to the program; its module loads only when it runs. */
export type CommandRegistration = (program: Command, host: ProgramHost) => void;
