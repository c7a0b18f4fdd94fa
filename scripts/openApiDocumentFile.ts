import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `scripts/buildOpenApi.ts` writes the API's OpenAPI document. */
export const OPENAPI_DOCUMENT_FILE = fileURLToPath(new URL('../lambda/schemas/generated/openapi.json', import.meta.url));

/** The document as the build wrote it, as text (served as it is). */
export function readOpenApiDocument(): string {
  return readFileSync(OPENAPI_DOCUMENT_FILE, 'utf8');
}
