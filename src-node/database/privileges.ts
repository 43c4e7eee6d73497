/**
 * Whether `SHOW GRANTS` lines give the PROCESS privilege, which is global only:
 * `GRANT PROCESS, SELECT ON *.* TO ...` or `GRANT ALL PRIVILEGES ON *.* TO ...`.
 */
export function grantsIncludeProcess(grantLines: readonly string[]): boolean {
  return grantLines.some((line) => {
    const privileges = /^GRANT\s+(.+?)\s+ON\s+\*\.\*\s+TO\s/i.exec(line.trim())?.[1];
    if (privileges === undefined) {
      return false;
    }
    return privileges
      .split(',')
      .map((privilege) => privilege.trim().toUpperCase())
      .some((privilege) => privilege === 'PROCESS' || privilege === 'ALL' || privilege === 'ALL PRIVILEGES');
  });
}

/**
 * Without PROCESS a session sees only threads of its own user name, so a thread
 * of another user proves the list is complete even when the grant came through a role.
 */
export function seesOtherUsers(processlistUsers: readonly (string | null)[], ownUser: string): boolean {
  return processlistUsers.some((user) => user !== null && user !== ownUser);
}
