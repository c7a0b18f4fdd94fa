import { listCredentialsHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

const runtime = createRuntime();

export const handler = listCredentialsHandler({ ...runtime, store: runtime.accessKeys });
