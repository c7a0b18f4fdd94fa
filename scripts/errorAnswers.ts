import { ErrorCodes } from '../lambda/errors.js';
import { validationErrorCodes } from '../lambda/http/validationErrors.js';
import type { OperationSpec } from '../lambda/operations/catalog.js';

/** Adds codes to a status, each once. */
function addCodes(byStatus: Record<number, string[]>, status: number, codes: readonly string[]): void {
  byStatus[status] = [...new Set([...(byStatus[status] ?? []), ...codes])];
}

/**
 * Every error an operation may answer: status → SWR codes. Most follow from its catalog
 * entry (credentials 401, the request schema 400/413, a JSON body 413/415/400, a permission
 * level 403, its 500), API Gateway adds its own (413 for a request over its limit, 429,
 * a 500 of its own), and the entry names the rest. The OpenAPI document lists exactly these.
 * An operation answering in OAuth2's format lists OAuth2's codes instead.
 */
export function errorCodesByStatus(entry: OperationSpec): Record<number, string[]> {
  const byStatus: Record<number, string[]> = {};
  if (entry.errorFormat === 'oauth2') {
    // OAuth2's `error` codes: the entry names them all but the 500's.
    for (const [status, codes] of Object.entries(entry.errors ?? {})) addCodes(byStatus, Number(status), codes);
    addCodes(byStatus, 500, ['server_error']);
    return byStatus;
  }
  addCodes(byStatus, 401, [ErrorCodes.unauthenticated]);
  for (const [status, codes] of Object.entries(validationErrorCodes(entry.requestSchema))) {
    addCodes(byStatus, Number(status), codes);
  }
  if (entry.body) {
    addCodes(byStatus, 400, [ErrorCodes.invalidParameter]);
    addCodes(byStatus, 413, [ErrorCodes.tooLong]);
    addCodes(byStatus, 415, [ErrorCodes.unsupportedMediaType]);
  }
  if (entry.permission !== 'own view' && entry.permission !== 'anyone') addCodes(byStatus, 403, [ErrorCodes.forbidden]);
  for (const [status, codes] of Object.entries(entry.errors ?? {})) addCodes(byStatus, Number(status), codes);
  addCodes(byStatus, 413, [ErrorCodes.tooLong]);
  addCodes(byStatus, 429, [ErrorCodes.throttled]);
  addCodes(byStatus, 500, [entry.internalErrorCode, ErrorCodes.gatewayFailed]);
  // A function that signs with the root key answers 503 while it cannot (ShortLivedSigningKeys).
  if (entry.signingKey) addCodes(byStatus, 503, [entry.internalErrorCode]);
  return byStatus;
}
