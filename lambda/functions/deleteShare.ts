import { deleteShareHandler } from '../operations/deleteShare/handler.js';
import { createRuntime } from '../runtime/createRuntime.js';

export const handler = deleteShareHandler(createRuntime());
