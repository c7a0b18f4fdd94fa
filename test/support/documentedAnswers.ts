import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readOpenApiDocument } from '../../scripts/openApiDocumentFile.js';

/**
 * Checks answers against the OpenAPI document the build wrote (the one `GET /openapi.json`
 * serves): the status must be one the document lists for the operation, and the body must
 * pass that answer's schema. The test helpers call it on every answer.
 */

interface OpenApiResponse {
  content?: Record<string, unknown>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
}

const DOCUMENT_ID = 'openapi.json';
const document = JSON.parse(readOpenApiDocument()) as OpenApiDocument;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(document, DOCUMENT_ID);

const validators = new Map<string, ValidateFunction>();

/** A JSON pointer segment, as a URI fragment carries it. */
const pointerSegment = (segment: string) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));

function validatorAt(...segments: string[]): ValidateFunction {
  const ref = `${DOCUMENT_ID}#/${segments.map(pointerSegment).join('/')}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

export interface AnswerToCheck {
  method: string;
  /** The route's path template (`…/{namespace}/…`); undefined when no route matched. */
  route: string | undefined;
  status: number;
  /** The parsed JSON body; undefined for an empty one. */
  body: unknown;
}

/** Throws, saying what differs, unless the answer is one the document describes. */
export function checkDocumentedAnswer({ method, route, status, body }: AnswerToCheck): void {
  const where = `${method} ${route ?? '(no route)'} → ${status}`;
  if (route === undefined) {
    const validate = validatorAt('components', 'schemas', 'Error');
    if (status !== 404 || !validate(body)) throw new Error(`${where}: not the API's "no such route" error`);
    return;
  }
  const response = document.paths[route]?.[method.toLowerCase()]?.responses[String(status)];
  if (!response) throw new Error(`${where}: the OpenAPI document lists no such answer`);
  if (!response.content) {
    if (body !== undefined) throw new Error(`${where}: the document says no body, but one came`);
    return;
  }
  const validate = validatorAt('paths', route, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema');
  if (!validate(body)) {
    throw new Error(`${where}: the body does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
  }
}
