import { ACCESS_DOMAIN_MAX_LENGTH } from '../lambda/domain/names.js';
import { descriptionSchema } from '../lambda/schemas/fields.js';
import { call, type Share, sharesPath } from './api.js';
import { openDialog } from './dialog.js';
import { h, newId, replace } from './dom.js';
import { errorAlert } from './errorAlert.js';
import { deadlineDay, todayUtc } from './time.js';

/** The API's limit on a description. */
const DESCRIPTION_MAX = descriptionSchema.maxLength;

export interface Repository {
  namespace: string;
  repository: string;
}

/** A labelled control: the label's `for` names it. */
function labelled(text: string, control: HTMLInputElement | HTMLTextAreaElement, ...rest: Node[]): HTMLElement {
  control.id ||= newId('field');
  return h('div', { class: 'field' }, h('label', { for: control.id }, text), control, ...rest);
}

/**
 * Share (POST) or, given the share, edit it (PATCH): account, "Permanently valid" or a UTC
 * date, and a description; the permission is always pull. The date input's value is the
 * UTC date sent as it is, whatever the browser's time zone.
 */
export function openShareDialog(target: Repository, existing: Share | undefined, onSaved: (account: string) => void): void {
  const account = h('input', {
    name: 'account',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: String(ACCESS_DOMAIN_MAX_LENGTH),
  });
  const forever = h('input', { type: 'radio', name: 'validity', value: 'forever', id: newId('forever') });
  const until = h('input', { type: 'radio', name: 'validity', value: 'until', id: newId('until') });
  const date = h('input', { type: 'date', name: 'date', min: todayUtc(new Date()) });
  const description = h('textarea', { name: 'description', rows: '3', maxlength: String(DESCRIPTION_MAX) });
  const counter = h('p', { id: newId('counter'), class: 'hint' });
  description.setAttribute('aria-describedby', counter.id);
  const errors = h('div', {});

  const hasDate = existing !== undefined && existing.deadline !== 'forever';
  forever.checked = !hasDate;
  until.checked = hasDate;
  if (hasDate) date.value = deadlineDay(existing.deadline);
  if (existing) description.value = existing.description;

  const syncValidity = () => {
    date.disabled = !until.checked;
    date.required = until.checked;
  };
  const syncCounter = () => {
    counter.textContent = `${[...description.value].length} / ${DESCRIPTION_MAX} characters`;
  };
  forever.addEventListener('change', syncValidity);
  until.addEventListener('change', syncValidity);
  description.addEventListener('input', syncCounter);
  syncValidity();
  syncCounter();

  const path = sharesPath(target.namespace, target.repository);
  const form = h(
    'form',
    {},
    existing ? h('p', {}, `Account: ${existing.access_domain}`) : labelled('Account', account),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Valid until'),
      h('div', { class: 'choice' }, forever, h('label', { for: forever.id }, 'Permanently valid')),
      h('div', { class: 'choice' }, until, h('label', { for: until.id }, 'Until a date')),
      labelled('Date (UTC)', date),
    ),
    h('p', {}, 'Permission: Pull only'),
    labelled('Description', description, counter),
    errors,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, existing ? 'Save' : 'Share'),
      h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = { permit: 'read', deadline: until.checked ? date.value : 'forever', description: description.value };
    const who = existing?.access_domain ?? account.value.trim();
    const request = existing
      ? call('PATCH', `${path}/${encodeURIComponent(who)}`, fields)
      : call('POST', path, { access_domain: who, ...fields });
    request.then(
      () => {
        dialog.close();
        onSaved(who);
      },
      (error: unknown) => replace(errors, errorAlert(error)),
    );
  });

  const title = existing ? `Edit the share with ${existing.access_domain}` : `Share ${target.namespace}/${target.repository}`;
  const dialog = openDialog(title, form);
  (existing ? (forever.checked ? forever : date) : account).focus();
}

/** Revoke (DELETE) after a confirmation that names the account. */
export function openRevokeDialog(target: Repository, account: string, onRevoked: (account: string) => void): void {
  const errors = h('div', {});
  const revoke = h('button', { type: 'button', class: 'danger' }, 'Revoke');
  const cancel = h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel');
  revoke.addEventListener('click', () => {
    call('DELETE', `${sharesPath(target.namespace, target.repository)}/${encodeURIComponent(account)}`).then(
      () => {
        dialog.close();
        onRevoked(account);
      },
      (error: unknown) => replace(errors, errorAlert(error)),
    );
  });
  const dialog = openDialog(
    `Revoke the share with ${account}?`,
    h('p', {}, `Account ${account} will no longer be able to pull ${target.namespace}/${target.repository}.`),
    errors,
    h('div', { class: 'actions' }, revoke, cancel),
  );
  cancel.focus();
}
