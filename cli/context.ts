/** What a command needs from the outside world; tests pass their own to capture output. */
export interface CliContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Colour only on a TTY and never with NO_COLOR. */
  readonly color: boolean;
  /** --debug: internal errors print their stack. */
  readonly debug: boolean;
  readonly cwd: string;
}

/** Exit codes: 0 clean, 1 problems found in the user's input, 2 usage, I/O or internal error. */
export const ExitCode = { Ok: 0, Problems: 1, Usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
