import * as assert from 'node:assert/strict';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { ProbeError } from '../../src-node/database/errors';
import { probeDatabase, type ProbeOptions } from '../../src-node/database/probe';

/**
 * Polls until `read()` gives `expected`, then asserts equality either way: the server
 * drops a closed connection's thread shortly after the client has gone.
 */
export async function eventuallyEqual<T>(
  read: () => T | Promise<T>,
  expected: T,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let actual = await read();
  while (!isDeepStrictEqual(actual, expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    actual = await read();
  }
  assert.deepEqual(actual, expected, what);
}

export async function threadsConnected(admin: Connection): Promise<number> {
  const [rows] = await admin.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Threads_connected'");
  return Number(rows[0]?.Value);
}

export async function processExists(admin: Connection, id: number): Promise<boolean> {
  const [rows] = await admin.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?',
    [id],
  );
  return Number(rows[0]?.n) > 0;
}

/** TCP sockets this process holds (its own probes, proxies and admin connections). */
export function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
}

/**
 * Runs a probe that must fail and checks what every failure must satisfy: a ProbeError with
 * one sentence that contains no password, and no socket left open in this process.
 */
export async function expectProbeFailure(options: ProbeOptions, secrets: readonly string[] = []): Promise<ProbeError> {
  const socketsBefore = openTcpSockets();
  const error = await probeDatabase(options).then(
    () => assert.fail('the probe succeeded'),
    (error: unknown) => error,
  );
  assert.ok(error instanceof ProbeError, `not a ProbeError: ${String(error)}`);
  assertOneSentence(error.message);
  for (const secret of [options.password, ...secrets]) {
    if (secret) {
      assert.ok(!error.message.includes(secret), `the message contains a password: ${error.message}`);
    }
  }
  await eventuallyEqual(() => openTcpSockets() <= socketsBefore, true, 'more TCP sockets open in this process after the probe');
  return error;
}

/** Asserts a one-sentence message: one line, one final full stop, no stack trace. */
export function assertOneSentence(message: string): void {
  assert.match(message, /^[^\n]+\.$/, `not one line ending with a full stop: ${message}`);
  assert.doesNotMatch(message, /\.\s/, `more than one sentence: ${message}`);
  assert.doesNotMatch(message, /\bat .+:\d+:\d+/, `looks like a stack trace: ${message}`);
}

function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
