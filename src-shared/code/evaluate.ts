import type { Location, WrittenValue } from '../types';
import type { Expr, MathOrConversion } from './codeFacts';

export interface EvalContext {
  /** The deployment's value for the variable; undefined when it sets none. */
  env(name: string): WrittenValue | undefined;
  /** 'missing': a config is known but lacks the key; undefined: no config is known. */
  config(path: string[]): WrittenValue | 'missing' | undefined;
  cores(): { value: number; assumption?: string; source?: WrittenValue };
}

export type Evaluated =
  | {
      known: true;
      value: number | string | undefined;
      source?: WrittenValue;
      /** The config path the value is, unchanged or converted, when the config lacks it: setting it sets the value. */
      missingConfig?: string[];
      via: WrittenValue[];
      assumption?: string;
    }
  | { known: false; reason: string; loc: Location; via: WrittenValue[] };

type Scalar = number | string | undefined;

interface Value {
  v: Scalar;
  /** The one written value the result is, unchanged or converted. */
  source?: WrittenValue;
  /** The config path the result is, unchanged or converted, when the config lacks it. */
  missingConfig?: string[];
  via: WrittenValue[];
  assumption?: string;
  /** Env vars the deployment does not set whose `undefined` reached the result. */
  unset: { name: string; loc: Location }[];
}

interface Failure {
  failed: true;
  reason: string;
  loc: Location;
  via: WrittenValue[];
}

type Step = Value | Failure;

/** The value an expression from code has in one deployment, with JavaScript's semantics. */
export function evaluate(expr: Expr, ctx: EvalContext): Evaluated {
  const r = ev(expr, ctx);
  if ('failed' in r) return { known: false, reason: r.reason, loc: r.loc, via: r.via };
  const missing = r.v === undefined || (typeof r.v === 'number' && Number.isNaN(r.v)) || r.v === 'undefined' || r.v === 'NaN';
  if (missing && r.unset.length > 0) {
    const u = r.unset[0];
    return { known: false, reason: `${u.name} is not set for this deployment and the code has no fallback`, loc: u.loc, via: r.via };
  }
  const out: Evaluated = { known: true, value: r.v, via: r.via };
  if (r.source) out.source = r.source;
  if (r.missingConfig) out.missingConfig = r.missingConfig;
  if (r.assumption) out.assumption = r.assumption;
  return out;
}

function ev(e: Expr, ctx: EvalContext): Step {
  switch (e.kind) {
    case 'number':
    case 'string':
      return { v: e.value, source: e.written, via: [], unset: [] };
    case 'env': {
      const read: WrittenValue = { text: `process.env.${e.name}`, loc: e.loc, path: `${e.loc.file}: process.env.${e.name}` };
      const w = ctx.env(e.name);
      return w
        ? { v: w.text, source: w, via: [read], unset: [] }
        : { v: undefined, via: [read], unset: [{ name: e.name, loc: e.loc }] };
    }
    case 'config': {
      const key = e.path.join('.');
      const ref: WrittenValue = { text: key, loc: e.loc, path: `${e.loc.file}: config ${key}` };
      const w = ctx.config(e.path);
      if (w === undefined) {
        return { failed: true, reason: `${key} comes from the app config, and no config is known for this deployment`, loc: e.loc, via: [ref] };
      }
      if (w === 'missing') return { v: undefined, missingConfig: e.path, via: [ref], unset: [] };
      return { v: w.number ?? w.text, source: w, via: [ref], unset: [] };
    }
    case 'cores': {
      const c = ctx.cores();
      return { v: c.value, source: c.source, via: [], assumption: c.assumption, unset: [] };
    }
    case 'dynamic':
      return { failed: true, reason: `${e.text} is computed at run time`, loc: e.loc, via: [] };
    case 'logical': {
      const left = ev(e.left, ctx);
      if ('failed' in left) return left;
      const takeLeft = e.op === '||' ? Boolean(left.v) : left.v !== undefined;
      if (takeLeft) return left;
      const right = ev(e.right, ctx);
      if ('failed' in right) return { ...right, via: [...left.via, ...right.via] };
      return { ...right, via: [...left.via, ...right.via], assumption: right.assumption ?? left.assumption };
    }
    case 'unary': {
      const arg = ev(e.arg, ctx);
      if ('failed' in arg) return arg;
      return e.op === '+'
        ? { ...arg, v: +(arg.v as number) }
        : { ...arg, v: -(arg.v as number), source: undefined, missingConfig: undefined };
    }
    case 'binary':
      return combine([e.left, e.right], ctx, ([a, b]) => arithmetic(e.op, a, b), () => false);
    case 'call':
      return combine(e.args, ctx, (vs) => call(e.fn, vs), (vs) => convertsDecimal(e.fn, vs));
  }
}

/**
 * Whether the call is its first operand converted, so that a number written there in decimal is
 * its result: `Number`, `parseFloat`, `String`, and `parseInt` in base 10 (`parseInt('30', 7)` is 21).
 */
function convertsDecimal(fn: MathOrConversion, vs: Scalar[]): boolean {
  // parseInt takes its radix through ToInt32: a missing one is 0, which reads decimal digits as base 10.
  if (fn === 'parseInt') return [0, 10].includes(Number(vs[1]) | 0);
  return fn === 'Number' || fn === 'parseFloat' || fn === 'String';
}

/** Evaluates every operand; a conversion keeps its first operand's source (or missing config), arithmetic has none. */
function combine(args: Expr[], ctx: EvalContext, f: (values: Scalar[]) => Scalar, conversion: (values: Scalar[]) => boolean): Step {
  const values: Value[] = [];
  for (const a of args) {
    const r = ev(a, ctx);
    if ('failed' in r) return { ...r, via: [...values.flatMap((v) => v.via), ...r.via] };
    values.push(r);
  }
  const vs = values.map((x) => x.v);
  const converted = conversion(vs) ? values[0] : undefined;
  return {
    v: f(vs),
    source: converted?.source,
    missingConfig: converted?.missingConfig,
    via: values.flatMap((x) => x.via),
    assumption: values.find((x) => x.assumption)?.assumption,
    unset: values.flatMap((x) => x.unset),
  };
}

function arithmetic(op: '+' | '-' | '*' | '/', a: Scalar, b: Scalar): Scalar {
  // JavaScript's own operators: '1' + 2 is '12', '6' / 2 is 3, undefined + 1 is NaN.
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return x / y;
  }
}

function call(fn: MathOrConversion, vs: Scalar[]): Scalar {
  const n = vs as number[];
  switch (fn) {
    case 'Number':
      return vs.length === 0 ? 0 : Number(vs[0]);
    case 'String':
      return vs.length === 0 ? '' : String(vs[0]);
    case 'parseInt':
      return parseInt(vs[0] as string, vs[1] as number);
    case 'parseFloat':
      return parseFloat(vs[0] as string);
    case 'Math.max':
      return Math.max(...n);
    case 'Math.min':
      return Math.min(...n);
    case 'Math.floor':
      return Math.floor(n[0]);
    case 'Math.ceil':
      return Math.ceil(n[0]);
    case 'Math.round':
      return Math.round(n[0]);
    case 'Math.trunc':
      return Math.trunc(n[0]);
  }
}
