import { deleteCredentialHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

const runtime = createRuntime();

export const handler = deleteCredentialHandler({ ...runtime, store: runtime.accessKeys });
