import { updateCredentialHandler } from '../operations/updateCredential/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

const runtime = createRuntime();

export const handler = updateCredentialHandler({ ...runtime, store: runtime.accessKeys });
