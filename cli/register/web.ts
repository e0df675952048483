import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { MAX_WINDOW, labelsFlag } from '../options.js';
import { defineCommand, optionsOf } from '../flags/command.js';
import { countFlag, requiredFlag, switchFlag, textFlag } from '../flags/flag.js';
import { registerCommand } from '../flags/register.js';
import { DEFAULT_WINDOW } from '../../portable/defaults.js';

/** The port `--serve` serves on. */
export const DEFAULT_PORT = 8080;

export const WEB = defineCommand({
  name: 'web',
  description: 'write a static web page that streams an online model from the camera with onnxruntime-web (and serve it)',
  args: [{ spelling: '<model>', description: 'an online .onnx model (vnetc compile --online --target web)' }],
  flags: {
    output: requiredFlag('-o, --output <dir>', 'the folder to write the site to'),
    labels: labelsFlag("class labels, one per line, or a built-in list (default: the model's own)"),
    window: countFlag('--window <n>', 'frames in the moving average', MAX_WINDOW, { default: DEFAULT_WINDOW }),
    serve: switchFlag('--serve', 'serve the files it wrote on 127.0.0.1 (cross-origin isolated, to this host only) until Ctrl-C'),
    port: countFlag('--port <n>', 'the port to serve on', 65535, { default: DEFAULT_PORT, requires: 'serve' }),
    clip: textFlag('--clip <file.npy>', 'a float32 [T, C, H, W] clip copied into the site, streamed by the page at ?clip=<its name>'),
    force: switchFlag('--force', 'replace files in the folder that vnetc web did not write (it replaces its own without this)'),
  },
});

export const registerWeb: CommandRegistration = (program: Command, host: ProgramHost): void => {
  registerCommand(program, host, WEB, async (args, flags, ctx) => {
    const { webCommand } = await import('../commands/web.js');
    return webCommand({ model: args[0] as string, ...optionsOf(WEB.flags, flags), output: flags.output }, ctx);
  });
};
