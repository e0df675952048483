import { defineCode } from '../code.js';
export const _placeholder_syntax = defineCode<Record<string, never>>({ code: 'VN999', severity: 'note', title: 'placeholder', message: () => '' });
