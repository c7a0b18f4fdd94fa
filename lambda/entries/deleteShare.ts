import { deleteShareHandler } from '../operations/deleteShare.js';
import { createRuntime } from '../runtime.js';

export const handler = deleteShareHandler(createRuntime());
