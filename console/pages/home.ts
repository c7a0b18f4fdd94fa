import { append, h, newId, replace } from '../dom.js';
import type { Caller } from '../session.js';
import { sharingRoute } from '../routes.js';

/** Opens a repository's Sharing page; the namespaces the token manages are offered. */
export function homePage(main: HTMLElement, caller: Caller | undefined): void {
  const managed = Object.entries(caller?.namespaces ?? {})
    .filter(([, level]) => level === 'manage')
    .map(([namespace]) => namespace);
  const listId = newId('namespaces');
  const namespace = h('input', {
    id: newId('field'),
    name: 'namespace',
    required: true,
    list: listId,
    autocomplete: 'off',
    value: managed[0] ?? '',
  });
  const repository = h('input', { id: newId('field'), name: 'repository', required: true, autocomplete: 'off' });
  const form = h(
    'form',
    {},
    h('div', { class: 'field' }, h('label', { for: namespace.id }, 'Namespace'), namespace),
    h('datalist', { id: listId }, ...managed.map((name) => h('option', { value: name }))),
    h('div', { class: 'field' }, h('label', { for: repository.id }, 'Repository'), repository),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Open sharing')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = sharingRoute(namespace.value.trim(), repository.value.trim());
  });
  replace(main);
  append(
    main,
    h('h1', { tabindex: '-1' }, 'Repositories'),
    h('p', {}, 'Open the sharing of a repository of a namespace you manage.'),
    managed.length ? h('p', {}, `Your token manages: ${managed.join(', ')}.`) : null,
    form,
  );
}
