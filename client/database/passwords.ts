import type * as vscode from 'vscode';
import type { DatabaseTarget } from '../../src-node/database/connectionUrl';

/** Database passwords in VS Code's SecretStorage, one per user and server; never in settings or logs. */
export class PasswordStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private key(target: DatabaseTarget): string {
    return `connectionBudget.password/${target.user}@${target.host}:${target.port}`;
  }

  get(target: DatabaseTarget): Thenable<string | undefined> {
    return this.secrets.get(this.key(target));
  }

  set(target: DatabaseTarget, password: string): Thenable<void> {
    return this.secrets.store(this.key(target), password);
  }

  delete(target: DatabaseTarget): Thenable<void> {
    return this.secrets.delete(this.key(target));
  }
}
