import { type ActiveUntil, isInForce, parseDeadline } from '../domain/deadline.js';
import { isSameAccount } from '../domain/names.js';
import type { Caller } from '../domain/permissions.js';
import { badRequest, ErrorCodes } from '../errors.js';

/** A deadline that exists and whose day is not over yet. */
export function requireFutureDeadline(deadline: string, now: Date): ActiveUntil {
  const activeUntil = parseDeadline(deadline);
  if (activeUntil === null) throw badRequest(ErrorCodes.invalidParameter, 'Invalid deadline');
  if (!isInForce(activeUntil, now)) throw badRequest(ErrorCodes.invalidParameter, 'Invalid deadline: the day is over');
  return activeUntil;
}

export function requireOtherAccount(accessDomain: string, caller: Caller): void {
  if (isSameAccount(accessDomain, caller.domainName)) {
    throw badRequest(ErrorCodes.invalidAccessDomain, 'A repository cannot be shared with its own account');
  }
}
