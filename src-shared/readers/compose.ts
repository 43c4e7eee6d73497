import { isScalar } from '../yaml/nodeTypes';
import type { Node } from 'yaml';
import type { YamlDoc } from '../yaml/yamlTree';
import type { Location, WrittenValue } from '../types';
import { fileDir } from './appConfig';

export interface EnvEntry {
  name: string;
  nameLoc: Location;
  /** Undefined when the value is taken from the shell (`KEY` alone, `KEY:` with nothing). */
  value?: WrittenValue;
}

export interface ComposeService {
  name: string;
  loc: Location;
  image?: string;
  /** The build context, relative to the compose file's folder. */
  buildContext?: string;
  replicas?: WrittenValue;
  scale?: WrittenValue;
  cpus?: WrittenValue;
  environment: EnvEntry[];
  envFiles: Array<{ path: string; loc: Location; required: boolean }>;
  /** The command split into arguments, each with its place. */
  command: WrittenValue[];
  volumes: Array<{ source: string; target?: string }>;
  /** Names other services reach it by: service name, container_name, hostname, network aliases. */
  hostnames: string[];
}

export interface ComposeFacts {
  file: string;
  dir: string;
  services: ComposeService[];
}

/** Reads a Compose file: a top-level `services` mapping. */
export function readCompose(doc: YamlDoc): ComposeFacts | undefined {
  const services = doc.get(doc.root, 'services');
  if (!doc.isMap(services)) return undefined;
  const result: ComposeService[] = [];
  for (const { key, keyNode, value } of doc.entries(services)) {
    if (!doc.isMap(value)) continue;
    result.push(readService(doc, key, keyNode, value as Node));
  }
  return { file: doc.file, dir: fileDir(doc.file), services: result };
}

function readService(doc: YamlDoc, name: string, keyNode: Node, service: Node): ComposeService {
  const path = `services.${name}`;
  const deploy = doc.get(service, 'deploy');
  const build = doc.get(service, 'build');
  const buildContext = doc.isMap(build) ? (doc.textOf(doc.get(build, 'context')) ?? '.') : doc.textOf(build);
  const hostnames = [name];
  for (const key of ['container_name', 'hostname']) {
    const text = doc.textOf(doc.get(service, key));
    if (text) hostnames.push(text);
  }
  for (const network of doc.entries(doc.get(service, 'networks'))) {
    for (const alias of doc.items(doc.get(network.value, 'aliases'))) {
      const text = doc.textOf(alias);
      if (text) hostnames.push(text);
    }
  }
  return {
    name,
    loc: doc.loc(keyNode),
    image: doc.textOf(doc.get(service, 'image')),
    buildContext: build === null ? undefined : (buildContext ?? '.'),
    replicas: doc.writtenOrCollection(doc.get(deploy, 'replicas'), `${path}.deploy.replicas`),
    scale: doc.writtenOrCollection(doc.get(service, 'scale'), `${path}.scale`),
    cpus:
      doc.written(doc.getPath(deploy, ['resources', 'limits', 'cpus']), `${path}.deploy.resources.limits.cpus`) ??
      doc.written(doc.get(service, 'cpus'), `${path}.cpus`),
    environment: readEnvironment(doc, doc.get(service, 'environment'), path),
    envFiles: readEnvFiles(doc, doc.get(service, 'env_file')),
    command: readCommand(doc, doc.get(service, 'command'), `${path}.command`),
    volumes: readVolumes(doc, doc.get(service, 'volumes')),
    hostnames,
  };
}

function readEnvironment(doc: YamlDoc, node: Node | null, servicePath: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  if (doc.isMap(node)) {
    for (const { key, keyNode, value } of doc.entries(node)) {
      entries.push({ name: key, nameLoc: doc.loc(keyNode), value: doc.written(value, `${servicePath}.environment.${key}`) });
    }
    return entries;
  }
  for (const item of doc.items(node)) {
    if (!isScalar(item) || typeof item.value !== 'string' || !item.range) continue;
    const text = item.value;
    const equals = text.indexOf('=');
    const name = equals === -1 ? text : text.slice(0, equals);
    const loc = doc.loc(item);
    const entry: EnvEntry = { name: name.trim(), nameLoc: loc };
    if (equals !== -1) {
      const written = doc.written(item, `${servicePath}.environment[${name}]`)!;
      const valueText = text.slice(equals + 1);
      entry.value = { text: valueText, loc, path: written.path };
      const edit = written.edit;
      if (edit && edit.range.start.line === edit.range.end.line) {
        const line = edit.range.start.line;
        const start = edit.range.start.character + equals + 1;
        const range = { start: { line, character: start }, end: { line, character: start + valueText.length } };
        entry.value.loc = { file: doc.file, range };
        entry.value.edit = { file: doc.file, range, prefix: '', suffix: '' };
      }
    }
    entries.push(entry);
  }
  return entries;
}

function readEnvFiles(doc: YamlDoc, node: Node | null): ComposeService['envFiles'] {
  const files: ComposeService['envFiles'] = [];
  const add = (item: Node | null, required: boolean) => {
    const text = doc.textOf(item);
    if (text) files.push({ path: text, loc: doc.loc(item), required });
  };
  if (doc.textOf(node)) add(node, true);
  for (const item of doc.items(node)) {
    if (doc.isMap(item)) add(doc.get(item, 'path'), doc.textOf(doc.get(item, 'required')) !== 'false');
    else add(item, true);
  }
  return files;
}

/** `command` as a string (split on spaces) or a list; each argument keeps its place. */
function readCommand(doc: YamlDoc, node: Node | null, path: string): WrittenValue[] {
  const single = doc.written(node, path);
  if (single) {
    const args: WrittenValue[] = [];
    const pattern = /\S+/g;
    for (let match = pattern.exec(single.text); match; match = pattern.exec(single.text)) {
      args.push({ text: match[0], loc: single.loc, path });
    }
    return args;
  }
  return doc.items(node).flatMap((item) => doc.written(item, path) ?? []);
}

function readVolumes(doc: YamlDoc, node: Node | null): ComposeService['volumes'] {
  return doc.items(node).flatMap((item) => {
    if (doc.isMap(item)) {
      const source = doc.textOf(doc.get(item, 'source'));
      return source ? [{ source, target: doc.textOf(doc.get(item, 'target')) }] : [];
    }
    const text = doc.textOf(item);
    if (!text) return [];
    const [source, target] = text.split(':');
    return [{ source, target }];
  });
}
