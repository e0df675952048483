/**
 * `--target web`: what onnxruntime-web runs, checked on the emitted model. The web target lowers like
 * `portable` (standard ai.onnx operators); this check refuses, node by node, what would not run or
 * has run wrongly in the browser, so a bad model never reaches a page.
 */
import { diagnose } from '../../../base/diagnostics/code.js';
import { WebAutoPad, WebForeignOperator } from '../../../base/diagnostics/codes.js';
import type { Diagnostic } from '../../../base/diagnostics/diagnostic.js';
import type { IModelProto, INodeProto } from '../proto.js';

/** Operators whose padding may be implicit (auto_pad). */
const PADDED = new Set(['Conv', 'ConvTranspose', 'AveragePool', 'MaxPool', 'LpPool', 'ConvInteger', 'QLinearConv']);

export function checkWebModel(model: IModelProto): Diagnostic[] {
  return (model.graph?.node ?? []).flatMap((node) => [...foreignOperator(node), ...autoPad(node)]);
}

function foreignOperator(node: INodeProto): Diagnostic[] {
  const domain = node.domain ?? '';
  if (domain === '' || domain === 'ai.onnx') return [];
  return [diagnose(WebForeignOperator, { op: node.opType ?? '?', domain, node: node.name ?? '' })];
}

function autoPad(node: INodeProto): Diagnostic[] {
  if (!PADDED.has(node.opType ?? '')) return [];
  const attribute = (node.attribute ?? []).find((a) => a.name === 'auto_pad');
  const value = attribute?.s ? new TextDecoder().decode(attribute.s) : 'NOTSET';
  return value === 'NOTSET' ? [] : [diagnose(WebAutoPad, { op: node.opType ?? '', node: node.name ?? '', value })];
}
