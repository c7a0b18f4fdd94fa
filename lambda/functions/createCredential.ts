import { createCredentialHandler } from '../operations/createCredential/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

const runtime = createRuntime();

export const handler = createCredentialHandler({ ...runtime, store: runtime.accessKeys });
