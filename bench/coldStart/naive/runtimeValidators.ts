/**
 * The naive way: the same JSON Schemas as scripts/buildValidators.ts, compiled by ajv when
 * the module loads, i.e. at every cold start. The naive bundle swaps the module plugin.ts
 * makes from this one in for lambda/schemas/generated/validators.js, with the same exports
 * (one validator per operation of the catalog, named after it, and the token claims');
 * nothing else differs.
 */
import Ajv from 'ajv';
import { tokenClaimsSchema } from '../../../lambda/auth/claimsSchema.js';
import { CATALOG, type Operation } from '../../../lambda/operations/catalog.js';

const ajv = new Ajv.default({ strict: true, allErrors: false });
const compiled = new Map<object, ReturnType<typeof ajv.compile>>();
const compileOnce = (schema: object) => compiled.get(schema) ?? compiled.set(schema, ajv.compile(schema)).get(schema)!;

/** An operation's request validator, compiled now. */
export const validatorOf = (operation: Operation) => compileOnce(CATALOG[operation].requestSchema);
export const validateTokenClaims = compileOnce(tokenClaimsSchema);
