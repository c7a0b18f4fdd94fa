import { listCredentialsHandler } from '../operations/listCredentials/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

const runtime = createRuntime();

export const handler = listCredentialsHandler({ ...runtime, store: runtime.accessKeys });
