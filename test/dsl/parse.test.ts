import { describe, expect, test } from 'vitest';
import { body, expr, items, parse } from './helpers.js';

const name = (n: string) => ({ kind: 'NameRef', name: n });
const id = (n: string) => ({ kind: 'Identifier', name: n });
const int = (value: number, raw = String(value)) => ({ kind: 'IntLiteral', value, raw });
const float = (value: number, raw: string) => ({ kind: 'FloatLiteral', value, raw });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'BinaryExpr', op, left, right });
const arg = (value: unknown, kw?: string) => (kw ? { kind: 'Arg', name: id(kw), value } : { kind: 'Arg', value });
const call = (callee: string, args: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'CallExpr',
  callee: id(callee),
  args,
  hasParens: true,
  ...extra,
});
const label = (...segments: unknown[]) => ({ kind: 'LabelPath', segments });
const seg = (n: string) => ({ kind: 'NameSegment', name: n });
const idx = (index: unknown) => ({ kind: 'IndexSegment', index });

describe('items', () => {
  test('an empty file is a valid, empty File', () => {
    const { file, diagnostics } = parse('');
    expect(diagnostics).toEqual([]);
    expect(file.items).toEqual([]);
    expect(file.comments).toEqual([]);
  });

  test('a file of only comments and whitespace has no items', () => {
    const { file, diagnostics } = parse('  # one\n/* two */\n\n');
    expect(diagnostics).toEqual([]);
    expect(file.items).toEqual([]);
    expect(file.comments.map((c) => c.text)).toEqual(['# one', '/* two */']);
  });

  test('import', () => {
    expect(items('import "common/resnet.vnet"')).toEqual([{ kind: 'ImportDecl', path: 'common/resnet.vnet' }]);
  });

  test('const, with and without a declared type', () => {
    expect(items('const T = 8\nconst FOLD: float = 1/8')).toEqual([
      { kind: 'ConstDecl', name: id('T'), value: int(8) },
      {
        kind: 'ConstDecl',
        name: id('FOLD'),
        type: { kind: 'ScalarTypeRef', name: 'float' },
        value: bin('/', int(1), int(8)),
      },
    ]);
  });

  test('block with tensor and scalar params, a default, and a return type', () => {
    const [block] = items('block basic(x: f32[B, C, H, W], planes: int, stride: int = 1) -> f32[B, planes, H/stride] { return x }');
    expect(block).toEqual({
      kind: 'BlockDecl',
      name: id('basic'),
      params: [
        {
          kind: 'Param',
          name: id('x'),
          type: { kind: 'TensorTypeRef', dtype: 'f32', dims: [name('B'), name('C'), name('H'), name('W')] },
        },
        { kind: 'Param', name: id('planes'), type: { kind: 'ScalarTypeRef', name: 'int' } },
        { kind: 'Param', name: id('stride'), type: { kind: 'ScalarTypeRef', name: 'int' }, default: int(1) },
      ],
      returnType: { kind: 'TensorTypeRef', dtype: 'f32', dims: [name('B'), name('planes'), bin('/', name('H'), name('stride'))] },
      body: [{ kind: 'ReturnStmt', value: name('x') }],
    });
  });

  test('network without a return type; every dtype and scalar type', () => {
    const [net] = items('network n(a: f16[N], b: i64[N, 2], c: bool[N], d: bool, e: string, f: word, g: float) {}') as {
      params: { type: unknown }[];
    }[];
    expect(net!.params.map((p) => p.type)).toEqual([
      { kind: 'TensorTypeRef', dtype: 'f16', dims: [name('N')] },
      { kind: 'TensorTypeRef', dtype: 'i64', dims: [name('N'), int(2)] },
      { kind: 'TensorTypeRef', dtype: 'bool', dims: [name('N')] },
      { kind: 'ScalarTypeRef', name: 'bool' },
      { kind: 'ScalarTypeRef', name: 'string' },
      { kind: 'ScalarTypeRef', name: 'word' },
      { kind: 'ScalarTypeRef', name: 'float' },
    ]);
    expect(items('network n() {}')).toEqual([{ kind: 'NetworkDecl', name: id('n'), params: [], body: [] }]);
  });
});

describe('statements', () => {
  test('let, assignment and return', () => {
    expect(body('let y = x\ny = y\nreturn y')).toEqual([
      { kind: 'LetStmt', name: id('y'), value: name('x') },
      { kind: 'AssignStmt', name: id('y'), value: name('y') },
      { kind: 'ReturnStmt', value: name('y') },
    ]);
  });

  test('`x = e` is an assignment and `x == e` a comparison', () => {
    expect(body('x = a == b')).toEqual([{ kind: 'AssignStmt', name: id('x'), value: bin('==', name('a'), name('b')) }]);
  });

  test('if / else if / else becomes a nested IfStmt in `else`', () => {
    expect(body('if a { x = 1 } else if b { x = 2 } else { x = 3 }')).toEqual([
      {
        kind: 'IfStmt',
        condition: name('a'),
        then: [{ kind: 'AssignStmt', name: id('x'), value: int(1) }],
        else: [
          {
            kind: 'IfStmt',
            condition: name('b'),
            then: [{ kind: 'AssignStmt', name: id('x'), value: int(2) }],
            else: [{ kind: 'AssignStmt', name: id('x'), value: int(3) }],
          },
        ],
      },
    ]);
  });

  test('if without else', () => {
    expect(body('if i == 0 { s = STRIDE }')).toEqual([
      {
        kind: 'IfStmt',
        condition: bin('==', name('i'), int(0)),
        then: [{ kind: 'AssignStmt', name: id('s'), value: name('STRIDE') }],
      },
    ]);
  });

  test('for over a range', () => {
    expect(body('for i in 0..BLOCKS - 1 { }')).toEqual([{ kind: 'ForStmt', variable: id('i'), from: int(0), to: bin('-', name('BLOCKS'), int(1)), body: [] }]);
  });

  test('a long else-if chain is read without deep recursion', () => {
    const chain = Array.from({ length: 2000 }, (_, i) => `if a == ${i} { x = ${i} }`).join(' else ');
    const result = parse(`block b() { ${chain} }`);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('expressions', () => {
  test('literals: ints with _ and hex, floats with exponents, strings with escapes, bools', () => {
    expect(expr('(42, 1_000, 0x10, 0.5, 1e-6, 2.5e3, "a\\"b\\\\c\\n\\t", true, false)')).toEqual({
      kind: 'TupleExpr',
      elements: [
        int(42),
        int(1000, '1_000'),
        int(16, '0x10'),
        float(0.5, '0.5'),
        float(1e-6, '1e-6'),
        float(2500, '2.5e3'),
        { kind: 'StringLiteral', value: 'a"b\\c\n\t' },
        { kind: 'BoolLiteral', value: true },
        { kind: 'BoolLiteral', value: false },
      ],
    });
  });

  test('precedence: || < && < comparison < + - < * / // % < unary', () => {
    expect(expr('a || b && c == d + e * -f')).toEqual(
      bin(
        '||',
        name('a'),
        bin('&&', name('b'), bin('==', name('c'), bin('+', name('d'), bin('*', name('e'), { kind: 'UnaryExpr', op: '-', operand: name('f') })))),
      ),
    );
  });

  test('operators of one level associate to the left', () => {
    expect(expr('a - b - c')).toEqual(bin('-', bin('-', name('a'), name('b')), name('c')));
    expect(expr('a / b // c % d')).toEqual(bin('%', bin('//', bin('/', name('a'), name('b')), name('c')), name('d')));
  });

  test('every comparison operator', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) expect(expr(`a ${op} b`)).toEqual(bin(op, name('a'), name('b')));
  });

  test('parentheses group; a tuple has two or more elements', () => {
    expect(expr('(a + b) * c')).toEqual(bin('*', bin('+', name('a'), name('b')), name('c')));
    expect(expr('(3, 1, 1)')).toEqual({ kind: 'TupleExpr', elements: [int(3), int(1), int(1)] });
  });

  test('unary operators stack', () => {
    expect(expr('!-x')).toEqual({ kind: 'UnaryExpr', op: '!', operand: { kind: 'UnaryExpr', op: '-', operand: name('x') } });
  });

  test('calls: positional then keyword arguments, with and without a label', () => {
    expect(expr('conv2d(64, k=3, stride=2) as conv1')).toEqual(
      call('conv2d', [arg(int(64)), arg(int(3), 'k'), arg(int(2), 'stride')], { label: label(seg('conv1')) }),
    );
    expect(expr('relu()')).toEqual(call('relu', []));
  });

  test('labels: names, dotted names, indices, and a leading index', () => {
    expect(expr('f(x) as layer1[i].conv1')).toEqual(call('f', [arg(name('x'))], { label: label(seg('layer1'), idx(name('i')), seg('conv1')) }));
    expect(expr('f(x) as [i]')).toEqual(call('f', [arg(name('x'))], { label: label(idx(name('i'))) }));
    expect(expr('f(x) as features[i + 1].conv[0][0]')).toEqual(
      call('f', [arg(name('x'))], {
        label: label(seg('features'), idx(bin('+', name('i'), int(1))), seg('conv'), idx(int(0)), idx(int(0))),
      }),
    );
  });

  test('pipelines: stages with and without parentheses, with labels', () => {
    expect(expr('x |> conv2d(64, k=3) as conv1 |> batchnorm as bn1 |> relu')).toEqual({
      kind: 'PipeExpr',
      head: name('x'),
      stages: [
        call('conv2d', [arg(int(64)), arg(int(3), 'k')], { label: label(seg('conv1')) }),
        { kind: 'CallExpr', callee: id('batchnorm'), args: [], hasParens: false, label: label(seg('bn1')) },
        { kind: 'CallExpr', callee: id('relu'), args: [], hasParens: false },
      ],
    });
  });

  test('a pipeline binds loosest: its head is a whole operator expression', () => {
    expect(expr('a + b |> relu')).toEqual({
      kind: 'PipeExpr',
      head: bin('+', name('a'), name('b')),
      stages: [{ kind: 'CallExpr', callee: id('relu'), args: [], hasParens: false }],
    });
  });

  test('keywords win over names, but longer names that start with a keyword stay names', () => {
    expect(expr('(format, iffy, integer, int_, as1, f32x)')).toEqual({
      kind: 'TupleExpr',
      elements: ['format', 'iffy', 'integer', 'int_', 'as1', 'f32x'].map(name),
    });
  });

  test('a range needs no spaces: `0..n` is 0, .., n', () => {
    expect(body('for i in 0..n {}')).toEqual([{ kind: 'ForStmt', variable: id('i'), from: int(0), to: name('n'), body: [] }]);
  });
});

describe('spans and comments', () => {
  test('every node carries a span of its own text', () => {
    const { file } = parse('const T = a + 42\n');
    const c = file.items[0]!;
    expect([c.span.start, c.span.end, c.span.line, c.span.column]).toEqual([0, 16, 1, 1]);
    if (c.kind !== 'ConstDecl' || c.value.kind !== 'BinaryExpr') throw new Error('unexpected tree');
    expect([c.value.span.start, c.value.span.end]).toEqual([10, 16]);
    expect([c.value.right.span.start, c.value.right.span.end, c.value.right.span.column]).toEqual([14, 16, 15]);
  });

  test('spans cover calls, labels and statements across lines', () => {
    const text = 'block b(x: f32[N]) {\n  let y = x\n    |> conv2d(64) as c1\n  return y\n}';
    const { file } = parse(text);
    const block = file.items[0]!;
    if (block.kind !== 'BlockDecl') throw new Error('unexpected tree');
    const let_ = block.body[0]!;
    expect(text.slice(let_.span.start, let_.span.end)).toBe('let y = x\n    |> conv2d(64) as c1');
    expect(text.slice(block.span.start, block.span.end)).toBe(text);
  });

  test('every comment is kept, in order, with its delimiters', () => {
    const { file } = parse('# a\nconst T = 8 # b\n/* c\n d */ const U = 1');
    expect(file.comments.map((c) => [c.text, c.span.line, c.span.column])).toEqual([
      ['# a', 1, 1],
      ['# b', 2, 13],
      ['/* c\n d */', 3, 1],
    ]);
  });
});
