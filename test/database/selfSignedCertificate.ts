import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A throwaway certificate for 127.0.0.1 made with the openssl command (Debian package openssl). */
export function makeSelfSignedCertificate(): { certificatePem: string; keyPem: string } {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'cb-cert-'));
  try {
    const keyPath = path.join(directory, 'key.pem');
    const certificatePath = path.join(directory, 'cert.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
          '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
          '-keyout', keyPath, '-out', certificatePath,
        ],
        { stdio: 'pipe' },
      );
    } catch (error) {
      throw new Error(
        `openssl could not make a test certificate (install the Debian package openssl): ${(error as Error).message}`,
      );
    }
    return {
      certificatePem: readFileSync(certificatePath, 'utf8'),
      keyPem: readFileSync(keyPath, 'utf8'),
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
