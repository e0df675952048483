/** Compiles a .vnet file for the attention tests; compiler errors become one thrown message. */
import { compileFile, type CompileFileOptions } from '../../compiler/compile.js';

export async function compileVnet(path: string, options: CompileFileOptions): Promise<Uint8Array> {
  const compiled = await compileFile(path, options);
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  if (compiled.bytes === undefined || errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return compiled.bytes;
}
