import type { Operation } from '../api/operationNames.js';
import type { OperationRoute } from '../http/apiHandler.js';
import type { EventValidator } from '../schemas/generated/validators.js';
import type { CATALOG } from './catalog.js';

/**
 * An operation's route, from the spec and validator its handler imports by name (the types
 * make sure all three are the same operation's). Named imports, not a lookup by name: a
 * lookup would put every operation's spec and validator in every function's bundle.
 */
export function operationRoute<Op extends Operation>(
  operation: Op,
  // Op is the name's alone (NoInfer): otherwise another operation's spec or validator would
  // widen it to both operations, and pass.
  spec: (typeof CATALOG)[NoInfer<Op>],
  validateEvent: EventValidator<NoInfer<Op>>,
): OperationRoute {
  return { operation, spec, validateEvent };
}
