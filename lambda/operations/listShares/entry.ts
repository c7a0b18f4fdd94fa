import { listSharesHandler } from './handler.js';
import { createRuntime } from '../../runtime.js';

export const handler = listSharesHandler(createRuntime());
