import { ApiError } from './api.js';
import { h } from './dom.js';

/**
 * An error as the API gave it: error_code, error_msg and X-Request-Id verbatim, so that a
 * support request can quote them.
 */
export function errorAlert(error: unknown, heading = 'The request failed'): HTMLElement {
  if (!(error instanceof ApiError)) {
    return h('div', { role: 'alert', class: 'error' }, h('p', {}, `${heading}: ${error instanceof Error ? error.message : String(error)}`));
  }
  const field = (name: string, value: string) => [h('dt', {}, name), h('dd', {}, h('code', {}, value || '(none)'))];
  return h(
    'div',
    { role: 'alert', class: 'error' },
    h('p', {}, `${heading} (HTTP ${error.status}).`),
    h('dl', {}, ...field('error_code', error.errorCode), ...field('error_msg', error.errorMsg), ...field('X-Request-Id', error.requestId)),
  );
}
