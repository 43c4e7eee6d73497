import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { endOf, Session } from './session';

describe('hover', () => {
  let session: Session;
  before(async () => {
    session = await Session.start(['docker-compose', 'kubernetes', 'single-server']);
  });
  after(() => session.close());

  it('shows the compose equation with each factor linked to its file and line', async () => {
    const text = session.text('docker-compose', 'docker-compose.yml');
    const hover = await session.hover('docker-compose', 'docker-compose.yml', endOf(text, 'replicas: '));
    assert.ok(hover, 'a hover on replicas');
    const markdown = hover.contents.value;
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(markdown, /`instances × workers × connectionLimit = total`/);
    assert.match(markdown, /`3 × 2 × 3 = 18` connections · 11\.9 % of max_connections 151/);
    const link = (file: string, line: number) => `[${file}:${line}](${session.uri('docker-compose', file)}#L${line})`;
    assert.ok(markdown.includes(`instances **3** — \`services.app.deploy.replicas\` ${link('docker-compose.yml', 9)}`), markdown);
    assert.ok(markdown.includes(`workers **2** — \`services.app.environment.APP_WORKERS\` ${link('docker-compose.yml', 6)}`), markdown);
    assert.ok(markdown.includes(`connectionLimit **3** — \`database.connectionLimit\` ${link('configurations/production.yaml', 4)}`), markdown);
    assert.match(markdown, /\*\*db:3306\*\*: max_connections \*\*151\*\* \(the MySQL\/MariaDB default\)/);
    assert.match(markdown, /peak 18 is within the 80 % budget of 120/);
    assert.match(markdown, /Recommended connectionLimit \*\*20\*\* · conservative \*\*10\*\*/);
    const start = endOf(text, 'replicas: ');
    assert.deepEqual(hover.range, { start, end: { line: start.line, character: start.character + 1 } });
  });

  it('explains the Kubernetes peak by its reason', async () => {
    const text = session.text('kubernetes', 'k8s/deployment.yaml');
    const hover = await session.hover('kubernetes', 'k8s/deployment.yaml', endOf(text, 'value: "8'));
    const markdown = hover?.contents.value ?? '';
    assert.match(markdown, /`5 × 1 × 8 = 40` connections · 26\.5 %/);
    assert.match(markdown, /Peak \*\*56\*\* connections \(37\.1 %\) with 7 instances: rollout surge \+2/);
    assert.match(markdown, /\*\*mysql:3306\*\*: max_connections \*\*151\*\*/);
  });

  it('names the assumption behind workers: -1', async () => {
    const text = session.text('single-server', 'configurations/production.yaml');
    const hover = await session.hover('single-server', 'configurations/production.yaml', endOf(text, 'workers: -'));
    assert.match(hover?.contents.value ?? '', /workers \*\*4\*\* — `workers` \[configurations\/production\.yaml:2\]\(.*\) — _4 CPU cores assumed/);
  });

  it('answers null away from factor values', async () => {
    assert.equal(await session.hover('docker-compose', 'docker-compose.yml', { line: 0, character: 2 }), null);
  });
});
