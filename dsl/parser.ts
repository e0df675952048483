/**
 * The grammar of vnet as a chevrotain CstParser: grammar only, no actions. Instances are
 * built at load time and reused; `parse.ts` feeds them one top-level item at a time.
 * Binary operators are read as a flat list and given their precedence in cst-to-ast.ts,
 * which keeps the grammar small and the parser fast. Error messages are
 * not written here: the message provider records what was expected as JSON
 * (`SyntaxErrorFacts`) and syntax-errors.ts turns that into a diagnostic.
 */
import type { IParserErrorMessageProvider } from 'chevrotain';
import { CstParser } from './chevrotain.js';
import * as t from './tokens.js';

/** What chevrotain knew when it gave up, carried in the exception's message. */
export type SyntaxErrorFacts =
  | { readonly kind: 'mismatch'; readonly expected: string; readonly rule: string }
  | { readonly kind: 'noViableAlt'; readonly rule: string }
  | { readonly kind: 'earlyExit'; readonly rule: string }
  | { readonly kind: 'notAllInput'; readonly rule: string };

const factsProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => facts({ kind: 'mismatch', expected: expected.name, rule: ruleName }),
  buildNotAllInputParsedMessage: ({ ruleName }) => facts({ kind: 'notAllInput', rule: ruleName }),
  buildNoViableAltMessage: ({ ruleName }) => facts({ kind: 'noViableAlt', rule: ruleName }),
  buildEarlyExitMessage: ({ ruleName }) => facts({ kind: 'earlyExit', rule: ruleName }),
};

function facts(f: SyntaxErrorFacts): string {
  return JSON.stringify(f);
}

export class VnetParser extends CstParser {
  constructor(recoveryEnabled: boolean) {
    super(t.allTokens, {
      recoveryEnabled,
      maxLookahead: 2,
      nodeLocationTracking: 'none',
      errorMessageProvider: factsProvider,
    });
    this.performSelfAnalysis();
  }

  item = this.RULE('item', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.networkDecl) },
    ]);
  });

  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(t.Import);
    this.CONSUME(t.StringLiteral);
  });

  constDecl = this.RULE('constDecl', () => {
    this.CONSUME(t.Const);
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.Colon);
      this.SUBRULE(this.scalarType);
    });
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  blockDecl = this.RULE('blockDecl', () => {
    this.CONSUME(t.Block);
    this.CONSUME(t.Identifier);
    this.SUBRULE(this.params);
    this.OPTION(() => {
      this.CONSUME(t.Arrow);
      this.SUBRULE(this.type);
    });
    this.SUBRULE(this.body);
  });

  networkDecl = this.RULE('networkDecl', () => {
    this.CONSUME(t.Network);
    this.CONSUME(t.Identifier);
    this.SUBRULE(this.params);
    this.OPTION(() => {
      this.CONSUME(t.Arrow);
      this.SUBRULE(this.type);
    });
    this.SUBRULE(this.body);
  });

  params = this.RULE('params', () => {
    this.CONSUME(t.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.param);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.param);
      });
    });
    this.CONSUME(t.RParen);
  });

  param = this.RULE('param', () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.type);
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE(this.expression);
    });
  });

  type = this.RULE('type', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.tensorType) }, { ALT: () => this.SUBRULE(this.scalarType) }]);
  });

  tensorType = this.RULE('tensorType', () => {
    this.CONSUME(t.DTypeKeyword);
    this.CONSUME(t.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expression);
      this.MANY(() => {
        this.CONSUME(t.Comma);
        this.SUBRULE2(this.expression);
      });
    });
    this.CONSUME(t.RBracket);
  });

  scalarType = this.RULE('scalarType', () => {
    this.CONSUME(t.ScalarKeyword);
  });

  body = this.RULE('body', () => {
    this.CONSUME(t.LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(t.RCurly);
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.letStmt) },
      { ALT: () => this.SUBRULE(this.assignStmt) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.preprocessStmt) },
    ]);
  });

  letStmt = this.RULE('letStmt', () => {
    this.CONSUME(t.Let);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  assignStmt = this.RULE('assignStmt', () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  returnStmt = this.RULE('returnStmt', () => {
    this.CONSUME(t.Return);
    this.SUBRULE(this.expression);
  });

  /** `if c {} else if d {} else {}`: the `else if` chain is a loop, so a long chain never recurses. */
  ifStmt = this.RULE('ifStmt', () => {
    this.CONSUME(t.If);
    this.SUBRULE(this.expression);
    this.SUBRULE(this.body);
    this.MANY(() => {
      this.CONSUME(t.Else);
      this.CONSUME2(t.If);
      this.SUBRULE2(this.expression);
      this.SUBRULE2(this.body);
    });
    this.OPTION(() => {
      this.CONSUME2(t.Else);
      this.SUBRULE3(this.body);
    });
  });

  /** `preprocess { name = value ... }`: the body rule, so recovery and comments work as in any body; cst-to-ast keeps only settings. */
  preprocessStmt = this.RULE('preprocessStmt', () => {
    this.CONSUME(t.Preprocess);
    this.SUBRULE(this.body);
  });

  forStmt = this.RULE('forStmt', () => {
    this.CONSUME(t.For);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.In);
    this.SUBRULE(this.expression);
    this.CONSUME(t.DotDot);
    this.SUBRULE2(this.expression);
    this.SUBRULE(this.body);
  });

  /**
   * `operand (op operand)* (|> stage)*`: operators are read flat and given their precedence
   * in cst-to-ast.ts; few rules per operand keep the parser fast.
   */
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(t.BinaryOperator);
      this.SUBRULE2(this.operand);
    });
    this.MANY2(() => {
      this.CONSUME(t.Pipe);
      this.SUBRULE(this.stage);
    });
  });

  /** A pipeline stage: `relu`, `conv2d(64, k=3)`, either with `as label`. */
  stage = this.RULE('stage', () => {
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.LParen);
      this.OPTION2(() => {
        this.SUBRULE(this.arg);
        this.MANY(() => {
          this.CONSUME(t.Comma);
          this.SUBRULE2(this.arg);
        });
      });
      this.CONSUME(t.RParen);
    });
    this.OPTION3(() => {
      this.CONSUME(t.As);
      this.SUBRULE(this.label);
    });
  });

  /** Prefix operators, then a literal, a name, a call `f(...) as label`, or a parenthesized expression. */
  operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(t.PrefixOperator));
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.BoolLiteral) },
      {
        ALT: () => {
          this.CONSUME(t.Identifier);
          this.OPTION(() => {
            this.CONSUME(t.LParen);
            this.OPTION2(() => {
              this.SUBRULE(this.arg);
              this.MANY2(() => {
                this.CONSUME(t.Comma);
                this.SUBRULE2(this.arg);
              });
            });
            this.CONSUME(t.RParen);
            this.OPTION3(() => {
              this.CONSUME(t.As);
              this.SUBRULE(this.label);
            });
          });
        },
      },
      { ALT: () => this.SUBRULE(this.parenthesized) },
    ]);
  });

  /** `(e)` groups; `(a, b, ...)` is a tuple. */
  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.expression);
    });
    this.CONSUME(t.RParen);
  });

  /**
   * `expr` or `name=expr` (`==` is its own token, so `k == 3` stays a comparison). The
   * expression is written out here rather than called, which saves a CST node per argument.
   */
  arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(t.Identifier);
      this.CONSUME(t.Equals);
    });
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(t.BinaryOperator);
      this.SUBRULE2(this.operand);
    });
    this.MANY2(() => {
      this.CONSUME(t.Pipe);
      this.SUBRULE(this.stage);
    });
  });

  /**
   * `layer1[i].conv1`, `[i]`, `.`: segments in one rule (cst-to-ast puts names and indices back
   * in order by offset), which saves two CST nodes per label.
   */
  label = this.RULE('label', () => {
    this.OR([
      // `as .`: the enclosing block call's own label (cst-to-ast: a path of no segments).
      { ALT: () => this.CONSUME(t.Dot) },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.SUBRULE(this.labelIndex) }]);
          this.MANY(() => {
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME2(t.Dot);
                  this.CONSUME2(t.Identifier);
                },
              },
              { ALT: () => this.SUBRULE2(this.labelIndex) },
            ]);
          });
        },
      },
    ]);
  });

  labelIndex = this.RULE('labelIndex', () => {
    this.CONSUME(t.LBracket);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RBracket);
  });
}

/**
 * The parser instances, each built once (building analyses the grammar). Well-formed items
 * go through `fastParser`, which skips recovery's bookkeeping (about 15% of parse time);
 * an item with a syntax error is parsed again by `parser`, which recovers and so reports
 * every independent error.
 */
export const fastParser = new VnetParser(false);
export const parser = new VnetParser(true);
