import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConnectionUrlError,
  describeTarget,
  formatEndpoint,
  parseConnectionUrl,
} from '../../src-node/database/connectionUrl';

describe('parseConnectionUrl', () => {
  it('reads every part, decoding %-escapes', () => {
    assert.deepEqual(parseConnectionUrl('mysql://app:s3cr%40t%3A@db.example.com:3307/shop%20data'), {
      host: 'db.example.com',
      port: 3307,
      user: 'app',
      database: 'shop data',
      passwordInUrl: true,
      password: 's3cr@t:',
    });
  });

  it('defaults the port to 3306 and leaves out database and password when absent', () => {
    assert.deepEqual(parseConnectionUrl('mysql://root@127.0.0.1'), {
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      passwordInUrl: false,
    });
    assert.deepEqual(parseConnectionUrl('  mysql://root@127.0.0.1:3306/  '), {
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      passwordInUrl: false,
    });
  });

  it('accepts mariadb:// and any letter case in the scheme', () => {
    assert.equal(parseConnectionUrl('mariadb://u@db/test').database, 'test');
    assert.equal(parseConnectionUrl('MySQL://u@db:4000').port, 4000);
  });

  it('unwraps a bracketed IPv6 host', () => {
    const target = parseConnectionUrl('mysql://root@[::1]:3307/test');
    assert.equal(target.host, '::1');
    assert.equal(describeTarget(target), 'root@[::1]:3307/test');
  });

  const rejected: [url: string, message: RegExp][] = [
    ['', /is empty/],
    ['root@localhost:3306', /is not a URL/],
    ['postgres://u:TopSecret@h/db', /scheme "postgres" is not supported; use mysql:\/\/ or mariadb:\/\//],
    ['mysql://h:3306/db', /has no user name/],
    ['mysql://u:TopSecret@/db', /has no host|could not be parsed/],
    ['mysql://u:TopSecret@h:99999/db', /port|could not be parsed/],
    ['mysql://u:TopSecret@h:0/db', /port outside 1-65535/],
    ['mysql://u:TopSecret@h/a/b', /single database name/],
    ['mysql://u:TopSecret@h/db?ssl=true', /options after "\?" or "#"/],
    ['mysql://u:TopSecret@h/%zz', /malformed %-escape in the database name/],
  ];
  for (const [url, message] of rejected) {
    it(`rejects ${JSON.stringify(url)} without repeating the password`, () => {
      assert.throws(
        () => parseConnectionUrl(url),
        (error: unknown) => {
          assert.ok(error instanceof ConnectionUrlError);
          assert.match(error.message, message);
          assert.doesNotMatch(error.message, /TopSecret/);
          return true;
        },
      );
    });
  }
});

describe('describeTarget', () => {
  it('describes user, host, port and database but never the password', () => {
    const target = parseConnectionUrl('mysql://root:TopSecret@127.0.0.1:3306/test');
    assert.equal(target.password, 'TopSecret');
    assert.equal(describeTarget(target), 'root@127.0.0.1:3306/test');
    assert.equal(describeTarget({ host: 'db', port: 3306, user: 'app' }), 'app@db:3306');
  });

  it('brackets IPv6 endpoints', () => {
    assert.equal(formatEndpoint('::1', 3306), '[::1]:3306');
    assert.equal(formatEndpoint('db.internal', 3306), 'db.internal:3306');
  });
});
