import type { FromSchema } from 'json-schema-to-ts';
import { PERMISSION_LEVELS } from '../domain/permissions.js';

const nonEmptyString = { type: 'string', minLength: 1, maxLength: 256 } as const;

/**
 * The claims this service reads from a verified token, beside the standard `iss`, `aud`,
 * `exp` (checked by jose). A token without them is not a token of ours: 401.
 */
export const tokenClaimsSchema = {
  type: 'object',
  required: ['sub', 'name', 'domain_id', 'domain_name', 'namespaces'],
  properties: {
    /** The user's id. */
    sub: nonEmptyString,
    /** The user's name. */
    name: nonEmptyString,
    /** The account (SWR "domain") the user belongs to. */
    domain_id: nonEmptyString,
    domain_name: nonEmptyString,
    /** Organization level per namespace, e.g. `{"team-a": "manage"}`. */
    namespaces: {
      type: 'object',
      maxProperties: 1000,
      additionalProperties: { type: 'string', enum: PERMISSION_LEVELS },
    },
  },
} as const;
export type TokenClaims = FromSchema<typeof tokenClaimsSchema>;
