import { call, type Share, sharesPath } from '../api.js';
import { remainingBadge, timestamp, validUntil } from '../badges.js';
import { append, h, replace } from '../dom.js';
import { errorAlert } from '../errorAlert.js';
import { openRevokeDialog, openShareDialog, type Repository } from '../shareDialog.js';
import type { ConsoleSettings } from '../pageSettings.js';

/** The permissions a share can carry, as SWR's console names them. */
const PERMISSION_NAMES: Record<string, string> = { read: 'Pull' };

function lastUsed(share: Share): HTMLElement | string {
  if (!share.last_used_at) return 'never';
  return h('span', {}, timestamp(share.last_used_at), share.last_used_by ? ` by ${share.last_used_by}` : '');
}

function sharesTable(target: Repository, shares: Share[], reload: (message: string) => void): HTMLElement {
  const now = new Date();
  // The column appears once the API reports share usage: never a "never" it cannot know.
  const showLastUsed = shares.some((share) => 'last_used_at' in share);
  const headings = ['Account', 'Permission', 'Valid until', 'Remaining', 'Description', 'Created', 'Updated'];
  if (showLastUsed) headings.push('Last used');
  headings.push('Actions');
  const rows = shares.map((share) => {
    const account = share.access_domain;
    const edit = h('button', { type: 'button', 'aria-label': `Edit the share with ${account}` }, 'Edit');
    const revoke = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke the share with ${account}` }, 'Revoke');
    edit.addEventListener('click', () => openShareDialog(target, share, (who) => reload(`Saved the share with ${who}.`)));
    revoke.addEventListener('click', () => openRevokeDialog(target, account, (who) => reload(`Revoked the share with ${who}.`)));
    const cells: (Node | string)[] = [
      h('th', { scope: 'row' }, account),
      PERMISSION_NAMES[share.permit] ?? share.permit,
      validUntil(share.deadline),
      remainingBadge(share, now),
      h('span', { class: 'description' }, share.description),
      timestamp(share.created),
      timestamp(share.updated),
    ];
    if (showLastUsed) cells.push(lastUsed(share));
    cells.push(h('span', { class: 'actions' }, edit, revoke));
    return h('tr', {}, ...cells.map((cell) => (cell instanceof HTMLTableCellElement ? cell : h('td', {}, cell))));
  });
  const caption = `Shares of ${target.namespace}/${target.repository}`;
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** Repository → Sharing: who has access, until when; share, edit and revoke. */
export function sharingPage(main: HTMLElement, target: Repository, settings: ConsoleSettings): void {
  const name = `${target.namespace}/${target.repository}`;
  const counter = h('p', { class: 'counter' });
  const status = h('p', { role: 'status', class: 'status' });
  const list = h('div', {}, h('p', {}, 'Loading…'));
  const share = h('button', { type: 'button', class: 'primary' }, 'Share');

  /** Lists the shares; `message` (what just changed) is announced once the table shows it. */
  async function load(message?: string): Promise<void> {
    try {
      const shares = await call<Share[]>('GET', sharesPath(target.namespace, target.repository));
      const inForce = shares.filter((one) => one.status).length;
      const limit = settings.maxAccountsPerRepository;
      counter.textContent = `Accounts in force: ${inForce}${limit ? ` / ${limit}` : ''}`;
      replace(list, shares.length ? sharesTable(target, shares, (next) => void load(next)) : h('p', {}, 'Not shared with any account.'));
    } catch (error) {
      replace(list, errorAlert(error, `Could not list the shares of ${name}`));
    } finally {
      status.textContent = message ?? '';
    }
  }
  share.addEventListener('click', () => openShareDialog(target, undefined, (who) => void load(`Shared ${name} with ${who}.`)));

  replace(main);
  append(main, h('h1', { tabindex: '-1' }, `Sharing: ${name}`), h('div', { class: 'toolbar' }, counter, share), status, list);
  void load();
}
