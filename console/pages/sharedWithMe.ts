import { call, type SharedRepository } from '../api.js';
import { remainingBadge, validUntil } from '../badges.js';
import { append, h, replace } from '../dom.js';
import { errorAlert } from '../errorAlert.js';
import { caller } from '../session.js';

/** The tag the pull commands name; the owner's tags are not listed by this API. */
const TAG = 'latest';

/** The deployment's registry host, which the API puts in front of `path` when one is configured. */
function registryHost(repository: SharedRepository): string | undefined {
  const image = `/${repository.namespace}/${repository.name}`;
  return repository.path.endsWith(image) ? repository.path.slice(0, -image.length) || undefined : undefined;
}

/**
 * How to log in to the deployment's registry (the user name is the account, by convention;
 * the password the API token), or, when it names none, that the commands have no host.
 */
function registryLogin(host: string | undefined): HTMLElement {
  if (!host) {
    return h(
      'p',
      { class: 'note' },
      'This deployment names no registry host (REGISTRY_ADDRESS is not set), so the pull commands have none: put your registry’s host in front.',
    );
  }
  return h(
    'p',
    {},
    'Log in first, with your API token (X-Auth-Token) as the password: ',
    h('code', {}, `docker login -u ${caller()?.account || '<account>'} ${host}`),
  );
}

function pullCommand(repository: SharedRepository, status: HTMLElement): HTMLElement {
  const command = `docker pull ${repository.path}:${TAG}`;
  const copy = h('button', { type: 'button', 'aria-label': `Copy the pull command of ${repository.namespace}/${repository.name}` }, 'Copy');
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(command).then(
      () => (status.textContent = `Copied: ${command}`),
      () => (status.textContent = 'Could not copy: select the command and copy it.'),
    );
  });
  return h('span', { class: 'pull' }, h('code', {}, command), copy);
}

/** The repositories shared with the signed-in account, each with its pull command. */
export function sharedWithMePage(main: HTMLElement): void {
  const list = h('div', {}, h('p', {}, 'Loading…'));
  const status = h('p', { role: 'status', class: 'status' });
  replace(main);
  append(main, h('h1', { tabindex: '-1' }, 'Shared with me'), status, list);

  call<SharedRepository[]>('GET', '/v2/manage/shared-repositories?center=thirdparty').then(
    (repositories) => {
      if (!repositories.length) return replace(list, h('p', {}, 'No repository is shared with your account.'));
      const now = new Date();
      const caption = 'Repositories shared with me';
      const rows = repositories.map((repository) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, `${repository.namespace}/${repository.name}`),
          h('td', {}, repository.domain_name),
          h('td', {}, validUntil(repository.deadline)),
          h('td', {}, remainingBadge(repository, now)),
          h('td', {}, h('span', { class: 'description' }, repository.description)),
          h('td', {}, pullCommand(repository, status)),
        ),
      );
      replace(
        list,
        registryLogin(repositories.map(registryHost).find(Boolean)),
        h(
          'div',
          { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' },
          h(
            'table',
            {},
            h('caption', {}, caption),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Repository', 'Shared by', 'Valid until', 'Remaining', 'Description', 'Pull command'].map((heading) =>
                  h('th', { scope: 'col' }, heading),
                ),
              ),
            ),
            h('tbody', {}, ...rows),
          ),
        ),
      );
    },
    (error: unknown) => replace(list, errorAlert(error, 'Could not list the repositories shared with you')),
  );
}
