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

/**
 * Who the caller is, unique across accounts: `<account>/<user>`, the names as the caller's
 * credentials state them. A user name is unique within its account only, so the user "ci" of
 * two accounts must not be one subject. Account names hold no `/` (IAM allows letters,
 * digits, `-` and `_`), so the first `/` ends the account; should one ever hold `/` or `%`,
 * they are percent-encoded, which keeps two callers apart whatever their names. Registry
 * tokens carry it as `sub` (which registries log as the user), share uses as `last_used_by`.
 */
export function accountQualifiedUser(caller: Pick<Caller, 'domainName' | 'userName'>): string {
  const account = caller.domainName.replace(/[%/]/g, (character) => (character === '%' ? '%25' : '%2F'));
  return `${account}/${caller.userName}`;
}

/** Whether the caller holds at least `needed` on `namespace`. */
export function hasPermission(caller: Caller, namespace: string, needed: PermissionLevel): boolean {
  if (!Object.hasOwn(caller.namespaces, namespace)) return false;
  const held = caller.namespaces[namespace]!;
  return PERMISSION_LEVELS.indexOf(held) >= PERMISSION_LEVELS.indexOf(needed);
}
