import { PERMISSION_LEVELS, type PermissionLevel } from '../../lambda/domain/permissions.js';

/** `--namespace <ns>:<level>` values as a grant, or the first bad value's complaint. */
export function parseNamespaceGrants(grants: readonly string[]): Record<string, PermissionLevel> | { error: string } {
  const namespaces: Record<string, PermissionLevel> = {};
  for (const grant of grants) {
    const separator = grant.lastIndexOf(':');
    const level = grant.slice(separator + 1) as PermissionLevel;
    if (separator < 1 || !PERMISSION_LEVELS.includes(level)) return { error: `--namespace ${grant}: expected <ns>:<read|write|manage>` };
    namespaces[grant.slice(0, separator)] = level;
  }
  return namespaces;
}
