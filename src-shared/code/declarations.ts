import type * as TS from 'typescript';
import type { TypeScriptParser } from './loadTypeScript';
import { addToList } from '../lists';

/**
 * - value: `const x = init` or a destructured name (`path` into `init`, `fallback` its default)
 * - param: a parameter or a declaration without initializer: its value comes from elsewhere
 * - import: bound by `import` / `import x = require()` from `module`
 * - opaque: bound in a way that is not followed (array patterns, computed keys)
 */
export type DeclKind = 'value' | 'param' | 'import' | 'opaque';

export interface Decl {
  name: string;
  kind: DeclKind;
  /** The scope the name is visible in (`pos`/`end` of the block or function). */
  scopeStart: number;
  scopeEnd: number;
  nameNode: TS.Node;
  init?: TS.Expression;
  path: string[];
  fallback?: TS.Expression;
  module?: string;
  /** The imported name; undefined for default and namespace imports. */
  member?: string;
}

/** Declarations by name; a lookup picks the innermost scope around the use. */
export class DeclTable {
  private readonly byName = new Map<string, Decl[]>();

  add(decl: Decl): void {
    addToList(this.byName, decl.name, decl);
  }

  lookup(name: string, pos: number): Decl | undefined {
    const list = this.byName.get(name);
    if (!list) return undefined;
    let best: Decl | undefined;
    for (const d of list) {
      if (d.scopeStart <= pos && pos < d.scopeEnd && (!best || d.scopeStart > best.scopeStart)) best = d;
    }
    return best;
  }
}

const NO_PATH: string[] = [];

/**
 * Records the names a file binds into a table, in the scopes the scanner says it is in.
 * `onAlias` hears of local names for a member (`const { createPool: cp } = ...`).
 */
export class DeclRecorder {
  blockStart: number;
  blockEnd: number;
  fnStart: number;
  fnEnd: number;
  private readonly K: typeof TS.SyntaxKind;

  constructor(
    private readonly ts: TypeScriptParser,
    sf: TS.SourceFile,
    readonly table: DeclTable,
    private readonly onAlias: (local: string, member: string | undefined) => void,
  ) {
    this.K = ts.SyntaxKind;
    this.blockStart = this.fnStart = sf.pos;
    this.blockEnd = this.fnEnd = sf.end;
  }

  variables(list: TS.VariableDeclarationList): void {
    const K = this.K;
    const blockScoped = (list.flags & this.ts.NodeFlags.BlockScoped) !== 0;
    for (const d of list.declarations) {
      const init = d.initializer;
      if (d.name.kind === K.Identifier) {
        this.add(d.name.text, init ? 'value' : 'param', d.name, blockScoped, init);
        if (init && init.kind === K.PropertyAccessExpression) this.onAlias(d.name.text, (init as TS.PropertyAccessExpression).name.text);
      } else if (init && d.name.kind === K.ObjectBindingPattern) {
        this.pattern(d.name, init, NO_PATH, blockScoped);
      } else {
        this.names(d.name, 'opaque', blockScoped);
      }
    }
  }

  parameters(fn: TS.SignatureDeclarationBase): void {
    for (const p of fn.parameters) this.names(p.name, 'param', true);
  }

  importDeclaration(node: TS.ImportDeclaration): void {
    const K = this.K;
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly || node.moduleSpecifier.kind !== K.StringLiteral) return;
    const module = (node.moduleSpecifier as TS.StringLiteral).text;
    if (clause.name) this.add(clause.name.text, 'import', clause.name, true, undefined, NO_PATH, undefined, module);
    const named = clause.namedBindings;
    if (!named) return;
    if (named.kind === K.NamespaceImport) {
      this.add(named.name.text, 'import', named.name, true, undefined, NO_PATH, undefined, module);
      return;
    }
    for (const el of named.elements) {
      if (el.isTypeOnly) continue;
      const imported = (el.propertyName ?? el.name).text;
      const member = imported === 'default' ? undefined : imported;
      this.add(el.name.text, 'import', el.name, true, undefined, NO_PATH, undefined, module, member);
      this.onAlias(el.name.text, member);
    }
  }

  importEquals(node: TS.ImportEqualsDeclaration): void {
    const ref = node.moduleReference;
    if (ref.kind !== this.K.ExternalModuleReference || ref.expression.kind !== this.K.StringLiteral) return;
    this.add(node.name.text, 'import', node.name, true, undefined, NO_PATH, undefined, (ref.expression as TS.StringLiteral).text);
  }

  private names(name: TS.BindingName, kind: DeclKind, blockScoped: boolean): void {
    if (name.kind === this.K.Identifier) {
      this.add(name.text, kind, name, blockScoped);
      return;
    }
    for (const el of name.elements) {
      if (el.kind !== this.K.OmittedExpression) this.names(el.name, kind, blockScoped);
    }
  }

  private pattern(pattern: TS.ObjectBindingPattern, init: TS.Expression, path: string[], blockScoped: boolean): void {
    const K = this.K;
    for (const el of pattern.elements) {
      const key = el.dotDotDotToken
        ? undefined
        : el.propertyName
          ? staticName(this.ts, el.propertyName)
          : el.name.kind === K.Identifier ? el.name.text : undefined;
      if (el.dotDotDotToken && el.name.kind === K.Identifier) {
        // `...rest` stands for the object itself, for what is read through it.
        this.add(el.name.text, 'value', el.name, blockScoped, init, path);
      } else if (key === undefined) {
        this.names(el.name, 'opaque', blockScoped);
      } else if (el.name.kind === K.Identifier) {
        this.add(el.name.text, 'value', el.name, blockScoped, init, [...path, key], el.initializer);
        this.onAlias(el.name.text, key);
      } else if (el.name.kind === K.ObjectBindingPattern) {
        this.pattern(el.name, init, [...path, key], blockScoped);
      } else {
        this.names(el.name, 'opaque', blockScoped);
      }
    }
  }

  // One object shape for every declaration: this runs for each name in the file.
  private add(
    name: string,
    kind: DeclKind,
    nameNode: TS.Node,
    blockScoped: boolean,
    init?: TS.Expression,
    path: string[] = NO_PATH,
    fallback?: TS.Expression,
    module?: string,
    member?: string,
  ): void {
    this.table.add({
      name,
      kind,
      scopeStart: blockScoped ? this.blockStart : this.fnStart,
      scopeEnd: blockScoped ? this.blockEnd : this.fnEnd,
      nameNode,
      init,
      path,
      fallback,
      module,
      member,
    });
  }
}

/** A property or binding name known without running code: `a`, `'a'`, `1`, `['a']`. */
export function staticName(ts: TypeScriptParser, name: TS.PropertyName): string | undefined {
  const K = ts.SyntaxKind;
  switch (name.kind) {
    case K.Identifier:
    case K.StringLiteral:
    case K.NumericLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.PrivateIdentifier:
      return (name as TS.Identifier).text;
    case K.ComputedPropertyName: {
      const e = (name as TS.ComputedPropertyName).expression;
      return e.kind === K.StringLiteral || e.kind === K.NoSubstitutionTemplateLiteral ? (e as TS.StringLiteral).text : undefined;
    }
    default:
      return undefined;
  }
}
