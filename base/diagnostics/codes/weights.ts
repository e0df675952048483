import { defineCode } from '../code.js';

export const NonFiniteWeights = defineCode<{ path: string; tensors: readonly { name: string; count: number }[] }>({
  code: 'VN450',
  exit: 'input',
  severity: 'warning',
  title: 'NaN or Inf in the weights',
  message: ({ path, tensors }) => {
    const shown = tensors.slice(0, 5).map((t) => `${t.name} (${t.count} ${t.count === 1 ? 'value' : 'values'})`);
    const more = tensors.length > 5 ? `, and ${tensors.length - 5} more` : '';
    return `'${path}': ${tensors.length === 1 ? 'a tensor holds' : `${tensors.length} tensors hold`} NaN or infinite values: ${shown.join(', ')}${more}`;
  },
  hint: () => 'the model would compute NaN; with --strict this stops the compile',
});
