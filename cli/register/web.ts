import type { Command } from 'commander';
import type { CommandRegistration, ProgramHost } from '../program-host.js';
import { MAX_WINDOW, globalsOf, parseCount } from '../options.js';
import { DEFAULT_WINDOW } from '../../portable/defaults.js';

export const registerWeb: CommandRegistration = (program: Command, host: ProgramHost): void => {
  program
    .command('web')
    .description('write a static web page that streams an online model from the camera with onnxruntime-web (and serve it)')
    .argument('<model>', 'an online .onnx model (vnetc compile --online --target web)')
    .requiredOption('-o, --output <dir>', 'the folder to write the site to')
    .option('--labels <file|kinetics400|jester>', "class labels, one per line, or a built-in list (default: the model's own)")
    .option('--window <n>', `frames in the moving average (1 to ${MAX_WINDOW})`, parseCount('--window', MAX_WINDOW), DEFAULT_WINDOW)
    .option('--serve', 'serve the files it wrote on 127.0.0.1 (cross-origin isolated, to this host only) until Ctrl-C', false)
    .option('--port <n>', 'the port to serve on (1 to 65535)', parseCount('--port', 65535), 8080)
    .option('--clip <file.npy>', 'a float32 [T, C, H, W] clip copied into the site, streamed by the page at ?clip=<its name>')
    .option('--force', 'replace files in the folder that vnetc web did not write (it replaces its own without this)', false)
    .action(async (model: string, opts: { output: string; labels?: string; window: number; serve: boolean; port: number; force: boolean; clip?: string }, cmd: Command) => {
      const ctx = host.context(globalsOf(cmd));
      const { webCommand } = await import('../commands/web.js');
      host.exit(await webCommand({ model, ...opts }, ctx));
    });
};
