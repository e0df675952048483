/**
 * The checkpoint layouts vnet recognises from the names present, and how each one's names become
 * the network's (which follow torchvision and the official TimeSformer). Detection looks at the
 * whole list of names; the first layout whose test matches is used.
 *
 * Facts from the official code:
 * - official TSM (temporal-shift-module, ops/models.py, ops/temporal_shift.py): `DataParallel(TSN)`
 *   gives `module.`; TSN keeps the backbone as `base_model.`; the shift wraps a module as
 *   `TemporalShift(net=...)`, adding `.net` (conv1 of a residual block, or the whole block in place);
 *   the classifier is `new_fc`.
 * - TSM online demo (online_demo/mobilenet_v2_tsm.py) and official TSM's MobileNetV2
 *   (archs/mobilenet_v2.py): inverted residuals are flat Sequentials, see `demoMobileNetV2`.
 * - official TimeSformer (timesformer/models/vit.py): `TimeSformer.model` is the VisionTransformer.
 * - MMAction2 (backbones/resnet.py, resnet_tsm.py, heads/tsm_head.py): ConvModule `conv` / `bn`
 *   pairs, `downsample.conv` / `downsample.bn`, `backbone.` and `cls_head.fc_cls`.
 */
import { applyRules, rule, type RenameRule } from './rules.js';

export interface Layout {
  readonly id: string;
  /** For the one line that says what was recognised. */
  readonly title: string;
  detect(names: readonly string[]): boolean;
  /** File name -> network name (null: not a parameter, dropped). `params` are the network's names. */
  renamer(names: readonly string[], params: ReadonlySet<string>): (name: string) => string | null;
}

const some = (names: readonly string[], re: RegExp): boolean => names.some((n) => re.test(n));

/**
 * The network's classifier, which new_fc / cls_head.fc_cls / the demo's classifier become; without a
 * network (`vnetc weights --to` alone), torchvision's for the backbone: `classifier.1.` for
 * MobileNetV2, else `fc.`.
 */
function headPrefix(params: ReadonlySet<string>, fallback = 'fc.'): string {
  for (const head of ['fc.', 'classifier.1.', 'head.', 'classifier.']) if (params.has(`${head}weight`)) return head;
  return fallback;
}

/** The demo's `classifier` is one Linear; torchvision's is Sequential(Dropout, Linear). */
const demoClassifier = (params: ReadonlySet<string>): RenameRule => rule(/^classifier\.(weight|bias)$/, `${headPrefix(params, 'classifier.1.')}$1`);

/** `.net` of TemporalShift wrappers, wherever they sit. */
const UNWRAP_SHIFT = rule(/\.net(?=\.)/g, '');

const DEMO_BLOCK = /(^|\.)features\.(\d+)\.conv\.(\d+)\./;

/**
 * The demo's inverted residuals -> torchvision's: expanded blocks (t > 1) are conv.0 pw, .1 bn,
 * .3 dw, .4 bn, .6 pw-linear, .7 bn (torchvision: conv.0.0, conv.0.1, conv.1.0, conv.1.1, conv.2,
 * conv.3); t = 1 blocks are .0 dw, .1 bn, .3 pw-linear, .4 bn (conv.0.0, conv.0.1, conv.1, conv.2).
 */
function demoMobileNetV2(names: readonly string[]): (name: string) => string {
  const expanded = new Set<string>();
  for (const n of names) {
    const m = DEMO_BLOCK.exec(n);
    if (m && m[3] === '6') expanded.add(m[2] as string);
  }
  const EXPANDED: Record<string, string> = { 0: 'conv.0.0', 1: 'conv.0.1', 3: 'conv.1.0', 4: 'conv.1.1', 6: 'conv.2', 7: 'conv.3' };
  const SINGLE: Record<string, string> = { 0: 'conv.0.0', 1: 'conv.0.1', 3: 'conv.1', 4: 'conv.2' };
  return (name) =>
    name.replace(DEMO_BLOCK, (whole, lead: string, block: string, index: string) => {
      const to = (expanded.has(block) ? EXPANDED : SINGLE)[index];
      return to === undefined ? whole : `${lead}features.${block}.${to}.`;
    });
}

const isDemoMobileNetV2 = (names: readonly string[]): boolean => some(names, /(^|\.)features\.\d+\.conv\.[467]\./);

function rulesThen(rules: readonly RenameRule[], then?: (name: string) => string): (name: string) => string | null {
  return (name) => {
    const out = applyRules(name, rules);
    return out === null || then === undefined ? out : then(out);
  };
}

export const LAYOUTS: readonly Layout[] = [
  {
    id: 'official-tsm',
    title: 'official TSM (module., base_model., .net, new_fc)',
    detect: (names) => some(names, /(^|\.)(base_model|new_fc)\./),
    renamer: (names, params) =>
      rulesThen(
        [
          rule(/^module\./, ''),
          rule(/^base_model\./, ''),
          UNWRAP_SHIFT,
          rule(/^new_fc\./, headPrefix(params, isDemoMobileNetV2(names) ? 'classifier.1.' : 'fc.')),
          demoClassifier(params),
        ],
        isDemoMobileNetV2(names) ? demoMobileNetV2(names) : undefined,
      ),
  },
  {
    id: 'mmaction2',
    title: 'MMAction2 (backbone., conv.conv / conv.bn, cls_head.fc_cls)',
    detect: (names) => some(names, /^(module\.)?backbone\./) && some(names, /^(module\.)?cls_head\./),
    renamer: (_names, params) =>
      rulesThen([
        rule(/^module\./, ''),
        rule(/^backbone\./, ''),
        UNWRAP_SHIFT,
        rule(/^conv1\.conv\./, 'conv1.'),
        rule(/^conv1\.bn\./, 'bn1.'),
        rule(/^(layer\d+\.\d+)\.conv(\d+)\.conv\./, '$1.conv$2.'),
        rule(/^(layer\d+\.\d+)\.conv(\d+)\.bn\./, '$1.bn$2.'),
        rule(/\.downsample\.conv\./, '.downsample.0.'),
        rule(/\.downsample\.bn\./, '.downsample.1.'),
        rule(/^cls_head\.fc_cls\./, headPrefix(params)),
      ]),
  },
  {
    id: 'tsm-demo-mobilenetv2',
    title: "TSM online demo MobileNetV2 (flat blocks, 'classifier')",
    detect: isDemoMobileNetV2,
    renamer: (names, params) => rulesThen([rule(/^module\./, ''), demoClassifier(params)], demoMobileNetV2(names)),
  },
  {
    id: 'timesformer',
    title: 'official TimeSformer (model.)',
    detect: (names) => names.length > 0 && names.every((n) => n.startsWith('model.')) && some(names, /^model\.(blocks|pos_embed|time_embed)\b/),
    renamer: () => rulesThen([rule(/^model\./, '')]),
  },
];

/** The layout the names show, or undefined for names used as they are (torchvision, vnet's own). */
export function detectLayout(names: readonly string[]): Layout | undefined {
  return LAYOUTS.find((layout) => layout.detect(names));
}
