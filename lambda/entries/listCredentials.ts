import { listCredentialsHandler } from '../operations/credentials.js';
import { createRuntime } from '../runtime.js';

const runtime = createRuntime();

export const handler = listCredentialsHandler({ ...runtime, store: runtime.accessKeys });
