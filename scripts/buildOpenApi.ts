/**
 * Writes the OpenAPI document (built from the operation catalog) into the build output,
 * beside the validators: the local server serves it and the tests check answers against it.
 * Run by `npm start`, `npm test` and `npm run typecheck`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPENAPI_DOCUMENT_FILE } from './openApiDocumentFile.js';
import { openApiDocument } from './openApiDocument.js';

const packageFile = fileURLToPath(new URL('../package.json', import.meta.url));
const { version } = JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string };

mkdirSync(dirname(OPENAPI_DOCUMENT_FILE), { recursive: true });
writeFileSync(OPENAPI_DOCUMENT_FILE, `${JSON.stringify(openApiDocument(version), null, 2)}\n`);
