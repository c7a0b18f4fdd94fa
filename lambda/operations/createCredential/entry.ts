import { createCredentialHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

const runtime = createRuntime();

export const handler = createCredentialHandler({ ...runtime, store: runtime.accessKeys });
