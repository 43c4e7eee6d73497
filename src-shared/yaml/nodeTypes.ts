// What kind of YAML node a value is, by the symbol the `yaml` package marks its nodes with (and
// `parseBlockYaml` marks its own). The same tests as `yaml`'s `isMap`… without loading `yaml`,
// which most texts no longer need (block YAML is read by `parseBlockYaml`).
import type { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export const NODE_TYPE = Symbol.for('yaml.node.type');

const ALIAS = Symbol.for('yaml.alias');
export const MAP = Symbol.for('yaml.map');
export const PAIR = Symbol.for('yaml.pair');
export const SCALAR = Symbol.for('yaml.scalar');
export const SEQ = Symbol.for('yaml.seq');

function typeOf(node: unknown): symbol | undefined {
  return typeof node === 'object' && node !== null ? (node as { [NODE_TYPE]?: symbol })[NODE_TYPE] : undefined;
}

export const isAlias = (node: unknown): node is Alias => typeOf(node) === ALIAS;
export const isMap = (node: unknown): node is YAMLMap => typeOf(node) === MAP;
export const isPair = (node: unknown): node is Pair => typeOf(node) === PAIR;
export const isScalar = (node: unknown): node is Scalar => typeOf(node) === SCALAR;
export const isSeq = (node: unknown): node is YAMLSeq => typeOf(node) === SEQ;
