/**
 * The naive way: the same JSON Schemas as scripts/buildValidators.ts, compiled by ajv when
 * the module loads, i.e. at every cold start. The naive bundle swaps this module in for
 * lambda/schemas/generated/validators.js; nothing else differs.
 */
import Ajv from 'ajv';
import { tokenClaimsSchema } from '../../lambda/auth/claimsSchema.js';
import {
  createShareEventSchema,
  repositoryEventSchema,
  shareEventSchema,
  updateShareEventSchema,
} from '../../lambda/schemas/requests.js';

const ajv = new Ajv.default({ strict: true, allErrors: false });

export const validateCreateShareEvent = ajv.compile(createShareEventSchema);
export const validateUpdateShareEvent = ajv.compile(updateShareEventSchema);
export const validateRepositoryEvent = ajv.compile(repositoryEventSchema);
export const validateShareEvent = ajv.compile(shareEventSchema);
export const validateTokenClaims = ajv.compile(tokenClaimsSchema);
