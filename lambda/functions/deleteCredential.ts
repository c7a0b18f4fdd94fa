import { deleteCredentialHandler } from '../operations/deleteCredential/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

const runtime = createRuntime();

export const handler = deleteCredentialHandler({ ...runtime, store: runtime.accessKeys });
