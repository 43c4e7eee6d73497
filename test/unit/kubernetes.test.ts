// SPEC §2.4: Kubernetes workloads, env and ConfigMaps, HPA, rollout surge, CPU limits, database workloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, deployment, server, sourceLine } from './helpers/workspace';
import { codes, onlyFinding, textAt, where } from './helpers/facts';

function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

interface WorkloadOptions {
  kind?: string;
  name?: string;
  namespace?: string;
  replicas?: number | string;
  /** Lines under `spec:` before `template:` (strategy…), indented 2. */
  spec?: string[];
  /** Lines of the container, indented 10 (after `- name:`). */
  container?: string[];
  image?: string;
  labels?: Record<string, string>;
}

function workload(options: WorkloadOptions = {}): string {
  const { kind = 'Deployment', name = 'api', namespace, replicas = 4, spec = [], container = [], image = 'acme/api:1', labels = { app: name } } = options;
  return lines(
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    ...(replicas === '' ? [] : [`  replicas: ${replicas}`]),
    ...spec.map((line) => `  ${line}`),
    '  template:',
    '    metadata:',
    '      labels:',
    ...Object.entries(labels).map(([key, value]) => `        ${key}: ${value}`),
    '    spec:',
    '      containers:',
    `        - name: ${name}`,
    `          image: ${image}`,
    ...container.map((line) => `          ${line}`),
  );
}

const appEnv = ['env:', '  - name: APP_WORKERS', '    value: "2"', '  - name: APP_DATABASE__CONNECTIONLIMIT', '    value: "5"'];

function hpa(target: string, maxReplicas: number, version = 'v2', kind = 'Deployment'): string {
  return lines(
    `apiVersion: autoscaling/${version}`,
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${target}-hpa`,
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    `    kind: ${kind}`,
    `    name: ${target}`,
    '  minReplicas: 2',
    `  maxReplicas: ${maxReplicas}`,
  );
}

test('Deployment: instances = spec.replicas, env values from the container, default 25 % surge on top', () => {
  const files = { 'k8s/api.yaml': workload({ container: appEnv }) };
  const analysis = analyze(files);
  const api = deployment(analysis, 'k8s/api.yaml#api');
  assert.equal(api.kind, 'kubernetes');
  assert.equal(textAt(files, api.loc), 'api', 'the deployment sits on metadata.name');
  assert.deepEqual([api.instances.value, api.workers.value, api.connectionLimit.value, api.total], [4, 2, 5, 40]);
  assert.equal(sourceLine(api.instances), 'k8s/api.yaml:6');
  assert.equal(sourceLine(api.workers), 'k8s/api.yaml:17');
  assert.equal(sourceLine(api.connectionLimit), 'k8s/api.yaml:19');
  assert.equal(api.peakInstances, 5, '4 + ceil(25 % of 4)');
  assert.equal(api.peak, 50);
  assert.equal(api.peakReasons.length, 1);
  assert.match(api.peakReasons[0], /surge \+1/);
  const db = server(analysis, 'default');
  assert.deepEqual([db.total, db.peak, db.percent, db.peakPercent], [40, 50, 26.5, 33.1]);
});

test('StatefulSet and ReplicaSet: instances from spec.replicas, no surge', () => {
  for (const kind of ['StatefulSet', 'ReplicaSet']) {
    const api = deployment(analyze({ 'k8s/api.yaml': workload({ kind, container: appEnv }) }), 'k8s/api.yaml#api');
    assert.deepEqual([api.instances.value, api.peakInstances, api.total, api.peak], [4, 4, 40, 40], kind);
    assert.deepEqual(api.peakReasons, [], kind);
  }
});

test('spec.replicas missing: 1 instance', () => {
  const api = deployment(analyze({ 'k8s/api.yaml': workload({ kind: 'StatefulSet', replicas: '', container: appEnv }) }), 'k8s/api.yaml#api');
  assert.equal(api.instances.value, 1);
  assert.equal(api.total, 10);
});

test('multi-document files: workloads, ConfigMaps and HPAs in one file, a non-app workload ignored', () => {
  const files = {
    'k8s/all.yaml': [
      workload({ container: appEnv }),
      lines('apiVersion: v1', 'kind: Service', 'metadata:', '  name: api', 'spec:', '  selector:', '    app: api'),
      workload({ name: 'frontend', replicas: 9, image: 'nginx', container: ['env:', '  - name: PORT', '    value: "80"'] }),
      hpa('api', 8),
    ].join('---\n'),
  };
  const analysis = analyze(files);
  assert.deepEqual(analysis.deployments.map((d) => d.id), ['k8s/all.yaml#api']);
  const api = deployment(analysis, 'k8s/all.yaml#api');
  assert.equal(api.peakInstances, 10, 'HPA max 8 + ceil(25 % of 8)');
});

test("the seed's abbreviated shape: spec.replicas and spec.containers.env without kind", () => {
  const files = {
    'k8s-deployment.yaml': lines(
      '# k8s-deployment.yaml',
      'spec:',
      '  replicas: 5',
      '  containers:',
      '    env:',
      '      - name: APP_WORKERS',
      '        value: "1"  # 1 worker per pod for isolation',
      '      - name: APP_DATABASE__CONNECTIONLIMIT  ',
      '        value: "8"  # 5 pods × 1 worker × 8 = 40 connections',
    ),
  };
  const analysis = analyze(files);
  const [app] = analysis.deployments;
  assert.equal(app.kind, 'kubernetes');
  assert.deepEqual([app.instances.value, app.workers.value, app.connectionLimit.value, app.total], [5, 1, 8, 40]);
  assert.equal(sourceLine(app.connectionLimit), 'k8s-deployment.yaml:9');
  assert.equal(app.peakInstances, 7);
  assert.equal(app.peak, 56);
  assert.deepEqual([analysis.servers[0].percent, analysis.servers[0].peakPercent], [26.5, 37.1]);
});

test('valueFrom.configMapKeyRef and envFrom.configMapRef resolve against ConfigMaps in other files; the source is the ConfigMap value', () => {
  const files = {
    'k8s/api.yaml': workload({
      kind: 'StatefulSet',
      namespace: 'shop',
      container: [
        'envFrom:',
        '  - configMapRef:',
        '      name: api-config',
        'env:',
        '  - name: APP_DATABASE__CONNECTIONLIMIT',
        '    valueFrom:',
        '      configMapKeyRef:',
        '        name: api-config',
        '        key: POOL',
      ],
    }),
    'k8s/config/configmap.yaml': lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: api-config',
      '  namespace: shop',
      'data:',
      '  APP_WORKERS: "3"',
      '  POOL: "4"',
      '  APP_DATABASE__HOST: mysql',
    ),
  };
  const api = deployment(analyze(files), 'k8s/api.yaml#api');
  assert.deepEqual([api.instances.value, api.workers.value, api.connectionLimit.value, api.total], [4, 3, 4, 48]);
  assert.equal(sourceLine(api.workers), 'k8s/config/configmap.yaml:7');
  assert.equal(sourceLine(api.connectionLimit), 'k8s/config/configmap.yaml:8');
  assert.ok(api.connectionLimit.via.some((place) => place.loc.file === 'k8s/api.yaml'), 'the reference is on the way');
  assert.equal(api.server, 'mysql:3306');
});

test('envFrom with a prefix: WORKERS under prefix APP_ is APP_WORKERS', () => {
  const files = {
    'k8s/api.yaml': workload({ kind: 'StatefulSet', container: ['envFrom:', '  - prefix: APP_', '    configMapRef:', '      name: settings'] }),
    'k8s/cm.yaml': lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', 'data:', '  WORKERS: "3"', '  DATABASE__CONNECTIONLIMIT: "6"'),
  };
  const api = deployment(analyze(files), 'k8s/api.yaml#api');
  assert.deepEqual([api.workers.value, api.connectionLimit.value, api.total], [3, 6, 72]);
  assert.equal(sourceLine(api.connectionLimit), 'k8s/cm.yaml:7');
});

test('env wins over envFrom', () => {
  const files = {
    'k8s/api.yaml': workload({ kind: 'StatefulSet', container: ['envFrom:', '  - configMapRef:', '      name: settings', ...appEnv] }),
    'k8s/cm.yaml': lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', 'data:', '  APP_WORKERS: "7"'),
  };
  const api = deployment(analyze(files), 'k8s/api.yaml#api');
  assert.equal(api.workers.value, 2);
  assert.equal(sourceLine(api.workers), 'k8s/api.yaml:20');
});

test('a missing ConfigMap or key → unresolved-value on the key reference, null numbers', () => {
  const ref = (map: string, key: string) =>
    workload({ kind: 'StatefulSet', container: ['env:', '  - name: APP_DATABASE__CONNECTIONLIMIT', '    valueFrom:', '      configMapKeyRef:', `        name: ${map}`, `        key: ${key}`] });
  const cm = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', 'data:', '  POOL: "4"');

  const missingMap = { 'k8s/api.yaml': ref('nope', 'POOL'), 'k8s/cm.yaml': cm };
  const first = analyze(missingMap);
  const api = deployment(first, 'k8s/api.yaml#api');
  assert.deepEqual([api.connectionLimit.value, api.total, api.peak], [null, null, null]);
  const finding = onlyFinding(first, 'unresolved-value');
  assert.equal(finding.severity, 'info');
  assert.equal(textAt(missingMap, finding.loc), 'POOL');
  assert.match(finding.message, /ConfigMap nope/);

  const missingKey = { 'k8s/api.yaml': ref('settings', 'SIZE'), 'k8s/cm.yaml': cm };
  const second = analyze(missingKey);
  assert.equal(deployment(second, 'k8s/api.yaml#api').connectionLimit.value, null);
  assert.match(onlyFinding(second, 'unresolved-value').message, /key SIZE of ConfigMap settings/);
});

test('a ConfigMap of another namespace does not resolve the reference', () => {
  const files = {
    'k8s/api.yaml': workload({ kind: 'StatefulSet', namespace: 'shop', container: ['env:', '  - name: APP_WORKERS', '    valueFrom:', '      configMapKeyRef:', '        name: settings', '        key: W'] }),
    'k8s/cm.yaml': lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: settings', '  namespace: other', 'data:', '  W: "4"'),
  };
  const analysis = analyze(files);
  assert.equal(deployment(analysis, 'k8s/api.yaml#api').workers.value, null);
  assert.equal(onlyFinding(analysis, 'unresolved-value').code, 'unresolved-value');
});

test('HPA autoscaling/v1 and v2 by scaleTargetRef: peak instances = maxReplicas, plus the surge computed on it', () => {
  for (const version of ['v1', 'v2']) {
    const files = { 'k8s/api.yaml': workload({ container: appEnv }), 'k8s/hpa.yaml': hpa('api', 10, version) };
    const api = deployment(analyze(files), 'k8s/api.yaml#api');
    assert.equal(api.instances.value, 4, version);
    assert.equal(api.total, 40);
    assert.equal(api.peakInstances, 13, `${version}: 10 + ceil(25 % of 10)`);
    assert.equal(api.peak, 130);
    assert.equal(api.peakReasons.length, 2);
    assert.match(api.peakReasons[0], /HPA api-hpa maxReplicas 10/);
    assert.match(api.peakReasons[1], /surge \+3/);
  }
});

test('an HPA on a StatefulSet: peak = maxReplicas, no surge', () => {
  const files = { 'k8s/api.yaml': workload({ kind: 'StatefulSet', container: appEnv }) + '---\n' + hpa('api', 9, 'v2', 'StatefulSet') };
  const api = deployment(analyze(files), 'k8s/api.yaml#api');
  assert.deepEqual([api.peakInstances, api.peak], [9, 90]);
});

test('an HPA targeting another workload, or another kind of the same name, changes nothing', () => {
  const other = deployment(analyze({ 'k8s/api.yaml': workload({ kind: 'StatefulSet', container: appEnv }), 'k8s/hpa.yaml': hpa('worker', 20) }), 'k8s/api.yaml#api');
  assert.equal(other.peakInstances, 4);
  const kind = deployment(analyze({ 'k8s/api.yaml': workload({ kind: 'StatefulSet', container: appEnv }), 'k8s/hpa.yaml': hpa('api', 20, 'v2', 'Deployment') }), 'k8s/api.yaml#api');
  assert.equal(kind.peakInstances, 4);
});

test('an HPA whose maxReplicas is below spec.replicas does not lower the peak (README: "when it is higher")', () => {
  const api = deployment(analyze({ 'k8s/api.yaml': workload({ container: appEnv }), 'k8s/hpa.yaml': hpa('api', 3) }), 'k8s/api.yaml#api');
  assert.equal(api.peakInstances, 5);
  assert.equal(api.peakReasons.length, 1);
});

test('RollingUpdate maxSurge: a number, a percentage rounded up, 0; Recreate adds none', () => {
  const cases: Array<[string[], number, number]> = [
    [['strategy:', '  type: RollingUpdate', '  rollingUpdate:', '    maxSurge: 3'], 4, 7],
    [['strategy:', '  rollingUpdate:', '    maxSurge: "30%"'], 4, 6],
    [['strategy:', '  rollingUpdate:', '    maxSurge: 10%'], 4, 5],
    [['strategy:', '  rollingUpdate:', '    maxSurge: 100%'], 4, 8],
    [['strategy:', '  rollingUpdate:', '    maxSurge: 0'], 4, 4],
    [['strategy:', '  rollingUpdate:', '    maxSurge: "0%"'], 4, 4],
    [['strategy:', '  type: Recreate'], 4, 4],
    [[], 5, 7],
    [[], 1, 2],
  ];
  for (const [spec, replicas, peakInstances] of cases) {
    const api = deployment(analyze({ 'k8s/api.yaml': workload({ replicas, spec, container: appEnv }) }), 'k8s/api.yaml#api');
    assert.equal(api.peakInstances, peakInstances, `${spec.join(' ')} with ${replicas} replicas`);
    assert.equal(api.peak, peakInstances * 10);
    assert.equal(api.total, replicas * 10);
  }
});

test('CPU limits: "1500m" → 2, "2" → 2, 0.5 → 1, 250m → 1 worker for workers -1, with cores-in-container', () => {
  const cases: Array<[string, number]> = [
    ['"1500m"', 2],
    ['"2"', 2],
    ['2', 2],
    ['0.5', 1],
    ['250m', 1],
    ['"3.2"', 4],
  ];
  for (const [cpu, workers] of cases) {
    const files = {
      'k8s/api.yaml': workload({
        kind: 'StatefulSet',
        container: ['env:', '  - name: APP_WORKERS', '    value: "-1"', 'resources:', '  limits:', `    cpu: ${cpu}`, '    memory: 512Mi'],
      }),
    };
    const analysis = analyze(files);
    const api = deployment(analysis, 'k8s/api.yaml#api');
    assert.equal(api.workers.value, workers, cpu);
    assert.equal(api.workers.assumption, undefined, cpu);
    const finding = onlyFinding(analysis, 'cores-in-container');
    assert.equal(finding.severity, 'info');
    assert.equal(textAt(files, finding.loc), '"-1"');
  }
});

test('a CPU limit without workers -1 changes nothing and raises nothing', () => {
  const analysis = analyze({
    'k8s/api.yaml': workload({ kind: 'StatefulSet', container: [...appEnv, 'resources:', '  limits:', '    cpu: "1500m"'] }),
  });
  assert.equal(deployment(analysis, 'k8s/api.yaml#api').workers.value, 2);
  assert.deepEqual(codes(analysis), []);
});

function app(host: string): string {
  return workload({
    kind: 'StatefulSet',
    replicas: 2,
    container: ['env:', '  - name: APP_DATABASE__HOST', `    value: ${host}`, '  - name: APP_DATABASE__CONNECTIONLIMIT', '    value: "10"'],
  });
}

function database(kind: string, image: string, args: string[]): string {
  return workload({ kind, name: 'mysql-db', replicas: 1, image, labels: { app: 'mysql', tier: 'db' }, container: args });
}

test('a StatefulSet running mysql with --max-connections in args is a database server reached by its workload name', () => {
  const files = { 'k8s/api.yaml': app('mysql-db'), 'k8s/db.yaml': database('StatefulSet', 'mysql:8.0', ['args:', '  - --max-connections=500']) };
  const analysis = analyze(files);
  assert.deepEqual(analysis.deployments.map((d) => d.id), ['k8s/api.yaml#api'], 'the database is not an app');
  assert.equal(deployment(analysis, 'k8s/api.yaml#api').server, 'mysql-db:3306');
  const db = server(analysis, 'mysql-db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource, db.budget, db.total], [500, 'workspace', 400, 20]);
  assert.equal(textAt(files, db.maxConnectionsLoc!), '--max-connections=500');
});

test('a Deployment running mariadb with --max_connections in command, reached through a Service whose selector matches', () => {
  const files = {
    'k8s/api.yaml': app('database'),
    'k8s/db.yaml': database('Deployment', 'mariadb:11', ['command: ["mariadbd", "--max_connections=400"]']),
    'k8s/svc.yaml': lines('apiVersion: v1', 'kind: Service', 'metadata:', '  name: database', 'spec:', '  selector:', '    app: mysql', '  ports:', '    - port: 3306'),
  };
  const analysis = analyze(files);
  assert.equal(deployment(analysis, 'k8s/api.yaml#api').server, 'mysql-db:3306');
  assert.equal(server(analysis, 'mysql-db:3306').maxConnections, 400);
});

test('a Service whose selector does not match the database pods does not reach it', () => {
  const files = {
    'k8s/api.yaml': app('database'),
    'k8s/db.yaml': database('StatefulSet', 'mysql:8.0', ['args: ["--max-connections=222"]']),
    'k8s/svc.yaml': lines('apiVersion: v1', 'kind: Service', 'metadata:', '  name: database', 'spec:', '  selector:', '    app: postgres'),
  };
  const analysis = analyze(files);
  assert.equal(deployment(analysis, 'k8s/api.yaml#api').server, 'database:3306');
  assert.equal(server(analysis, 'database:3306').maxConnections, 151);
});

test('--max-connections N as two args; <service>.<ns>.svc.cluster.local reaches the server', () => {
  const files = {
    'k8s/api.yaml': app('database.default.svc.cluster.local'),
    'k8s/db.yaml': database('StatefulSet', 'mysql:8.0', ['args: ["--max-connections", "321"]']),
    'k8s/svc.yaml': lines('apiVersion: v1', 'kind: Service', 'metadata:', '  name: database', 'spec:', '  selector:', '    app: mysql'),
  };
  const analysis = analyze(files);
  assert.equal(deployment(analysis, 'k8s/api.yaml#api').server, 'mysql-db:3306');
  const db = server(analysis, 'mysql-db:3306');
  assert.equal(db.maxConnections, 321);
  assert.equal(db.peakPercent, 6.2);
});

test('<workload>.<ns>.svc.cluster.local reaches a database workload by its name', () => {
  const analysis = analyze({ 'k8s/api.yaml': app('mysql-db.prod.svc.cluster.local'), 'k8s/db.yaml': database('StatefulSet', 'mysql:8', ['args: ["--max-connections=222"]']) });
  assert.equal(deployment(analysis, 'k8s/api.yaml#api').server, 'mysql-db:3306');
  assert.equal(server(analysis, 'mysql-db:3306').maxConnections, 222);
});

test('a database workload without --max-connections is a server with the default 151', () => {
  const analysis = analyze({ 'k8s/api.yaml': app('mysql-db'), 'k8s/db.yaml': database('StatefulSet', 'mysql:8', []) });
  const db = server(analysis, 'mysql-db:3306');
  assert.deepEqual([db.maxConnections, db.maxConnectionsSource], [151, 'default']);
  assert.equal(where(db.loc!), 'k8s/db.yaml:4:9-4:17');
});

test('a workload with neither the prefix nor an env var the code reads is not an app', () => {
  const analysis = analyze({ 'k8s/web.yaml': workload({ name: 'web', image: 'nginx', container: ['env:', '  - name: PORT', '    value: "80"'] }) });
  assert.deepEqual(analysis.deployments, []);
});

test('a container whose env var the program reads for its pool size is an app', () => {
  const analysis = analyze({
    'k8s/api.yaml': workload({ kind: 'StatefulSet', replicas: 3, container: ['env:', '  - name: DB_POOL_SIZE', '    value: "6"'] }),
    'package.json': '{}',
    'src/db.ts': "import mysql from 'mysql2';\nexport const pool = mysql.createPool({ connectionLimit: Number(process.env.DB_POOL_SIZE ?? 2) });\n",
  });
  const api = deployment(analysis, 'k8s/api.yaml#api');
  assert.deepEqual([api.instances.value, api.connectionLimit.value, api.total], [3, 6, 18]);
  assert.equal(sourceLine(api.connectionLimit), 'k8s/api.yaml:17');
});
