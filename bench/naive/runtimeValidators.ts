/**
 * The naive way: the same JSON Schemas as scripts/buildValidators.ts, compiled by ajv when
 * the module loads, i.e. at every cold start. The naive bundle swaps this module in for
 * lambda/schemas/generated/validators.js, with the same exports (one validator per operation,
 * named after it, and the token claims'); nothing else differs.
 */
import Ajv from 'ajv';
import { tokenClaimsSchema } from '../../lambda/auth/claimsSchema.js';
import { CATALOG } from '../../lambda/operations/catalog.js';

const ajv = new Ajv.default({ strict: true, allErrors: false });
const compiled = new Map<object, ReturnType<typeof ajv.compile>>();
const compileOnce = (schema: object) => compiled.get(schema) ?? compiled.set(schema, ajv.compile(schema)).get(schema)!;

export const createShare = compileOnce(CATALOG.createShare.requestSchema);
export const listShares = compileOnce(CATALOG.listShares.requestSchema);
export const showShare = compileOnce(CATALOG.showShare.requestSchema);
export const updateShare = compileOnce(CATALOG.updateShare.requestSchema);
export const deleteShare = compileOnce(CATALOG.deleteShare.requestSchema);
export const listSharedRepositories = compileOnce(CATALOG.listSharedRepositories.requestSchema);
export const issueRegistryToken = compileOnce(CATALOG.issueRegistryToken.requestSchema);
export const validateTokenClaims = compileOnce(tokenClaimsSchema);
