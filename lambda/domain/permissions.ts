/** SWR's three organization levels, weakest first. */
export const PERMISSION_LEVELS = ['read', 'write', 'manage'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** Who is calling, as the verified token says. */
export interface Caller {
  userId: string;
  userName: string;
  domainId: string;
  domainName: string;
  /** The level the caller holds in each namespace it may act in. */
  namespaces: Readonly<Record<string, PermissionLevel>>;
  /** Epoch seconds when the presented credentials end (a token's `exp`); none for an access key. */
  expiresAt?: number;
}

/** Whether the caller holds at least `needed` on `namespace`. */
export function hasPermission(caller: Caller, namespace: string, needed: PermissionLevel): boolean {
  if (!Object.hasOwn(caller.namespaces, namespace)) return false;
  const held = caller.namespaces[namespace]!;
  return PERMISSION_LEVELS.indexOf(held) >= PERMISSION_LEVELS.indexOf(needed);
}
