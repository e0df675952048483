import { defineCode } from '../code.js';

/**
 * VN030-VN039: the installation itself. A lean install (`npm install --omit=optional`) leaves out the
 * runtime libraries that check, fmt, summary, compile and lsp never load; a command that needs one says
 * which to install, in one line.
 */
export const OptionalPackageMissing = defineCode<{ command: string; package: string; version: string; feature: string }>({
  code: 'VN030',
  exit: 'usage',
  severity: 'error',
  title: 'optional package not installed',
  message: (a) =>
    `'vnetc ${a.command}' needs ${a.package} ${a.feature}, which this installation left out (--omit=optional): ` +
    `install it with 'npm install ${a.package}@${a.version}'`,
});
