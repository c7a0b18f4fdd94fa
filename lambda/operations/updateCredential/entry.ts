import { updateCredentialHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

const runtime = createRuntime();

export const handler = updateCredentialHandler({ ...runtime, store: runtime.accessKeys });
