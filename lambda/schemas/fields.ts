import { DEADLINE_PATTERN } from '../domain/deadline.js';
import {
  ACCESS_DOMAIN_MAX_LENGTH,
  ACCESS_DOMAIN_PATTERN,
  NAMESPACE_MAX_LENGTH,
  NAMESPACE_PATTERN,
  REPOSITORY_MAX_LENGTH,
  REPOSITORY_PATTERN,
} from '../domain/names.js';

/** JSON Schemas of the API's fields; the request schemas are built from them. */

export const namespaceSchema = {
  type: 'string',
  minLength: 1,
  maxLength: NAMESPACE_MAX_LENGTH,
  pattern: NAMESPACE_PATTERN,
} as const;

/** The decoded name, with `/`. */
export const repositorySchema = {
  type: 'string',
  minLength: 1,
  maxLength: REPOSITORY_MAX_LENGTH,
  pattern: REPOSITORY_PATTERN,
} as const;

export const accessDomainSchema = {
  type: 'string',
  minLength: 1,
  maxLength: ACCESS_DOMAIN_MAX_LENGTH,
  pattern: ACCESS_DOMAIN_PATTERN,
} as const;

export const permitSchema = { type: 'string', enum: ['read'] } as const;

export const deadlineSchema = { type: 'string', pattern: DEADLINE_PATTERN } as const;

/** At most 1,000 Unicode code points (ajv counts code points, not UTF-16 units). */
export const descriptionSchema = { type: 'string', maxLength: 1000 } as const;

export const repositoryPathSchema = {
  type: 'object',
  required: ['namespace', 'repository'],
  properties: { namespace: namespaceSchema, repository: repositorySchema },
} as const;

export const sharePathSchema = {
  type: 'object',
  required: ['namespace', 'repository', 'access_domain'],
  properties: {
    namespace: namespaceSchema,
    repository: repositorySchema,
    access_domain: accessDomainSchema,
  },
} as const;
