// TypeScript's parser, without the rest of the compiler: the code readers only parse. The published
// `typescript.js` is one closure whose export list names 2,200 of its functions and objects, and
// whose top level calls registration functions (refactors, code fixes…), so a bundler keeps all of
// it: 3.5 MB to read and deserialise before the first code file is parsed. This keeps the top-level
// statements that the given exports reach, by name, and drops the rest; `slimTypeScriptSource`
// returns an ES module for esbuild to bundle and minify.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const K = ts.SyntaxKind;

/**
 * Run at the end instead of the services' `setObjectAllocator(getServicesObjectAllocator())`: the
 * services' node classes (identifiers' `text`, `getStart`…) without their symbols and types, whose
 * methods reach the language service (documentation comments, completions, refactors…).
 */
const PARSER_ALLOCATOR = `
setObjectAllocator({
  ...objectAllocator,
  getNodeConstructor: () => NodeObject,
  getTokenConstructor: () => TokenObject,
  getIdentifierConstructor: () => IdentifierObject,
  getPrivateIdentifierConstructor: () => PrivateIdentifierObject,
  getSourceFileConstructor: () => SourceFileObject,
});
`;

/** `X = …`, `X.a.b = …`: the name a top-level assignment adds to. */
function assignedBase(expression) {
  if (expression.kind !== K.BinaryExpression || expression.operatorToken.kind !== K.EqualsToken) return undefined;
  let target = expression.left;
  while (target.kind === K.PropertyAccessExpression || target.kind === K.ElementAccessExpression) target = target.expression;
  return target.kind === K.Identifier ? target.text : undefined;
}

/** A namespace's body, `((X2) => {…})(X || (X = {}))`, or `__export(X, {…})`: the name it fills. */
function filledNamespace(expression) {
  if (expression.kind !== K.CallExpression) return undefined;
  const [first] = expression.arguments;
  if (!first) return undefined;
  if (expression.expression.kind === K.Identifier && expression.expression.text === '__export') return first.kind === K.Identifier ? first.text : undefined;
  if (first.kind === K.BinaryExpression && first.operatorToken.kind === K.BarBarToken && first.left.kind === K.Identifier) return first.left.text;
  return undefined;
}

/** Names a top-level statement declares or adds to; none for a statement run only for its effect. */
function definedNames(statement) {
  switch (statement.kind) {
    case K.FunctionDeclaration:
    case K.ClassDeclaration:
      return statement.name ? [statement.name.text] : [];
    case K.VariableStatement:
      return statement.declarationList.declarations.flatMap((declaration) => (declaration.name.kind === K.Identifier ? [declaration.name.text] : []));
    case K.ExpressionStatement: {
      const name = assignedBase(statement.expression) ?? filledNamespace(statement.expression);
      return name ? [name] : [];
    }
    default:
      return [];
  }
}

/**
 * `formatEnum(value, SomeEnum, …)` in Debug's formatters, for an enum that is not exported. They
 * name the members of 18 enums in assertion messages; most of those (the checker's TypeFlags,
 * TypeFacts…) serve nothing else here, and building them took a third of the bundle's load (≈ 4 ms,
 * with the collections they cost). Such a formatter gets an empty enum instead: its message gives
 * the number rather than the names.
 */
function isFormattedEnum(node, exports) {
  const call = node.parent;
  return call.kind === K.CallExpression && call.expression.kind === K.Identifier && call.expression.text === 'formatEnum' && call.arguments[1] === node && !exports.includes(node.text);
}

/** Every identifier a statement may refer to (more than it does: local names count too). */
function referencedNames(statement, exports) {
  const names = new Set();
  const visit = (node) => {
    if (node.kind === K.Identifier) {
      const parent = node.parent;
      const isMemberName =
        (parent.kind === K.PropertyAccessExpression && parent.name === node) ||
        ((parent.kind === K.PropertyAssignment || parent.kind === K.MethodDeclaration || parent.kind === K.PropertyDeclaration || parent.kind === K.GetAccessor || parent.kind === K.SetAccessor) && parent.name === node);
      if (!isMemberName && !isFormattedEnum(node, exports)) names.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return names;
}

/** A kept statement's text, with the enums of `isFormattedEnum` replaced by an empty one. */
function statementText(statement, body, exports) {
  const replaced = [];
  const visit = (node) => {
    if (node.kind === K.Identifier && isFormattedEnum(node, exports)) replaced.push(node);
    ts.forEachChild(node, visit);
  };
  visit(statement);
  let text = '';
  let at = statement.getFullStart();
  for (const node of replaced) {
    text += `${body.slice(at, node.getStart())}{}`;
    at = node.end;
  }
  return text + body.slice(at, statement.end);
}

/** The published bundle's licence comment, and the body of its closure as statements of one module. */
function licenceAndBody(source) {
  const opening = 'var ts = {}; ((module) => {\n';
  const start = source.indexOf(opening);
  const end = source.lastIndexOf('\n})({ get exports()');
  if (start < 0 || end < 0) throw new Error('typescript.js is not laid out as expected (one closure over `module`)');
  return { licence: source.slice(0, start), body: source.slice(start + opening.length, end) };
}

/** An ES module of TypeScript's top-level statements that `exports` reach. */
export function slimTypeScriptSource(exports, typescriptFile = require.resolve('typescript')) {
  const { licence, body: closure } = licenceAndBody(readFileSync(typescriptFile, 'utf8'));
  const body = closure + PARSER_ALLOCATOR;
  const file = ts.createSourceFile('typescript.js', body, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const statements = file.statements.map((node) => ({ node, defines: definedNames(node), kept: false }));
  const definers = new Map();
  for (const statement of statements) {
    for (const name of statement.defines) (definers.get(name) ?? definers.set(name, []).get(name)).push(statement);
  }
  const reached = new Set();
  const pending = [];
  const keep = (statement) => {
    if (statement.kept) return;
    statement.kept = true;
    for (const name of referencedNames(statement.node, exports)) pending.push(name);
  };
  keep(statements[statements.length - 1]);
  pending.push(...exports);
  while (pending.length > 0) {
    const name = pending.pop();
    if (reached.has(name)) continue;
    reached.add(name);
    for (const statement of definers.get(name) ?? []) keep(statement);
  }
  for (const name of exports) if (!definers.has(name)) throw new Error(`typescript.js defines no ${name} at its top level`);
  const kept = statements.filter((statement) => statement.kept);
  const messages = usedMembers(
    kept.map((statement) => statement.node),
    'Diagnostics',
  );
  const text = kept.map(({ node, defines }) => (defines[0] === 'Diagnostics' ? withMembers(node, messages, body) : statementText(node, body, exports)));
  return `${licence}${text.join('\n')}\nexport { ${exports.join(', ')} };\n`;
}

/** The members of `name` that the statements read, when they read it only as `name.member`. */
function usedMembers(statements, name) {
  const members = new Set();
  const visit = (node) => {
    if (node.kind === K.Identifier && node.text === name) {
      const parent = node.parent;
      if (parent.kind === K.PropertyAccessExpression && parent.expression === node) members.add(parent.name.text);
      else if (!(parent.kind === K.VariableDeclaration && parent.name === node)) throw new Error(`${name} is used other than by member at ${parent.pos}: its members cannot be dropped`);
    }
    ts.forEachChild(node, visit);
  };
  statements.forEach(visit);
  return members;
}

/** `var name = { … }` with only the given members (the parser's 150 of 2,100 messages). */
function withMembers(statement, members, body) {
  const [declaration] = statement.declarationList.declarations;
  const object = declaration.initializer;
  if (statement.declarationList.declarations.length !== 1 || object?.kind !== K.ObjectLiteralExpression) throw new Error('Diagnostics is not one object literal');
  const properties = object.properties.filter((property) => members.has(property.name.text)).map((property) => body.slice(property.getStart(), property.end));
  return `var ${declaration.name.text} = {\n${properties.join(',\n')}\n};`;
}
