import { readAppConfig, type ConfigFacts } from './readers/appConfig';
import { readCompose, type ComposeFacts } from './readers/compose';
import { readDotenv, type DotenvFacts } from './readers/dotenv';
import { readKubernetes, type KubeObject } from './readers/kubernetes';
import { readMysqlCnf, type CnfFacts } from './readers/mysqlCnf';
import { readCode } from './code/readCode';
import type { CodeFacts } from './code/codeFacts';
import { readYamlDocuments, type YamlDoc, type YamlParseError } from './yaml/yamlTree';

/** Everything the core learns from one file on its own, before linking. */
export interface FileFacts {
  file: string;
  config?: ConfigFacts;
  compose?: ComposeFacts;
  kubernetes: Array<KubeObject & { file: string }>;
  cnf?: CnfFacts;
  dotenv?: DotenvFacts;
  code?: CodeFacts;
  isPackageJson: boolean;
  parseErrors: YamlParseError[];
  /** Why the file was not read, when it was not. */
  skipped?: string;
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

const CODE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
/** Words one of the YAML shapes needs; a YAML file without any of them is not parsed. */
const YAML_KEYWORDS = /services|kind|workers|database|containers/i;

export type FileType = 'yaml' | 'code' | 'cnf' | 'dotenv' | 'package' | 'other';

export function fileType(file: string): FileType {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (name === 'package.json') return 'package';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (name.endsWith('.d.ts')) return 'other';
  if (CODE_EXTENSIONS.test(name)) return 'code';
  if (/\.cnf$/i.test(name)) return 'cnf';
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  return 'other';
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The facts of a file too large to read: none, and the reason. */
export function oversizedFile(file: string, size: number, maxFileSize: number): FileFacts {
  return {
    file,
    kubernetes: [],
    isPackageJson: false,
    parseErrors: [],
    skipped: `skipped: ${formatSize(size)} is over connectionBudget.maxFileSize (${formatSize(maxFileSize)})`,
  };
}

/** Reads one file's facts. Pure: the caller hands in the text; nothing here throws on bad input. */
export function readFileFacts(file: string, text: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): FileFacts {
  const facts: FileFacts = { file, kubernetes: [], isPackageJson: false, parseErrors: [] };
  const type = fileType(file);
  if (type === 'other') return facts;
  if (type === 'package') {
    facts.isPackageJson = true;
    return facts;
  }
  if (text.length > maxFileSize) return oversizedFile(file, text.length, maxFileSize);
  if (text.includes('\u0000')) {
    facts.skipped = 'skipped: binary content';
    return facts;
  }
  try {
    switch (type) {
      case 'yaml':
        readYamlFacts(facts, text);
        break;
      case 'code':
        facts.code = readCode(file, text);
        if (facts.code.error) facts.skipped = `skipped: ${facts.code.error}`;
        break;
      case 'cnf':
        facts.cnf = readMysqlCnf(file, text);
        break;
      case 'dotenv':
        facts.dotenv = readDotenv(file, text);
        break;
    }
  } catch (error) {
    // A reader bug must not take the workspace down: the file is reported and left out.
    return {
      file,
      kubernetes: [],
      isPackageJson: false,
      parseErrors: [],
      skipped: `skipped: could not be read (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  return facts;
}

function readYamlFacts(facts: FileFacts, text: string): void {
  if (!YAML_KEYWORDS.test(text)) return;
  if (text.includes('{{')) {
    facts.skipped = 'skipped: a template (Helm or similar), not plain YAML';
    return;
  }
  // Each document is read as it is parsed: the first Compose file, Kubernetes objects, or an app
  // config when the text is one document of neither.
  facts.parseErrors = readYamlDocuments(facts.file, text, (docs) => {
    // Called again with `yaml`'s documents when the text leaves the block subset part way.
    facts.kubernetes = [];
    delete facts.compose;
    let count = 0;
    let onlyDocument: YamlDoc | undefined;
    for (const doc of docs) {
      count++;
      const compose: ComposeFacts | undefined = facts.compose ? undefined : readCompose(doc);
      if (compose) {
        facts.compose = compose;
        continue;
      }
      const kube = readKubernetes(doc);
      if (kube) {
        facts.kubernetes.push({ ...kube, file: facts.file });
        continue;
      }
      if (count === 1) onlyDocument = doc;
    }
    if (count === 1 && onlyDocument) facts.config = readAppConfig(onlyDocument);
  });
}
