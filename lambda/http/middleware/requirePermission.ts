import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { hasPermission, type PermissionLevel } from '../../domain/permissions.js';
import { forbidden } from '../../errors.js';
import type { AuthenticatedContext } from './authenticate.js';

/**
 * The caller holds at least `needed` on the namespace of the path, or 403. It runs after
 * the request is validated, as the contract orders: 401, then 400/413/415, then 403.
 */
export function requirePermission(needed: PermissionLevel): MiddlewareObj<APIGatewayProxyEvent> {
  const requirePermissionBefore = (request: Request<APIGatewayProxyEvent>) => {
    const { caller } = request.context as AuthenticatedContext;
    const namespace = request.event.pathParameters?.namespace;
    if (namespace === undefined || !hasPermission(caller, namespace, needed)) throw forbidden();
  };
  return { before: requirePermissionBefore };
}
