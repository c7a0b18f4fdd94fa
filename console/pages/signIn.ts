import { ApiError, apiUrl, call } from '../api.js';
import { append, h, newId, replace } from '../dom.js';
import { errorAlert } from '../errorAlert.js';
import * as session from '../session.js';
import type { ConsoleSettings } from '../pageSettings.js';
import { utcText } from '../time.js';

/** Any valid token may list what is shared with its account: the check that it is accepted. */
async function checkToken(): Promise<void> {
  await call('GET', '/v2/manage/shared-repositories?center=thirdparty&limit=1');
}

/** Asks the local IAM stand-in of `npm start` for a token, as IAM's password flow does. */
async function localToken(account: string, user: string): Promise<string> {
  const response = await fetch(apiUrl('/v3/auth/tokens'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'omit',
    body: JSON.stringify({
      auth: { identity: { methods: ['password'], password: { user: { name: user, password: 'local', domain: { name: account } } } } },
    }),
  });
  const token = response.headers.get('X-Subject-Token');
  if (!response.ok || !token) throw new Error(`the local IAM stand-in answered HTTP ${response.status}`);
  return token;
}

/**
 * Paste an X-Auth-Token (or, locally, get one from the IAM stand-in); a refused or expired
 * token brings the caller back here with the API's reason.
 */
export function signInPage(main: HTMLElement, settings: ConsoleSettings, refusal: session.Refusal | undefined, signedIn: () => void): void {
  const reason = refusal?.expiredAt
    ? `Your token expired on ${utcText(refusal.expiredAt)}; sign in again`
    : 'The API refused your token; sign in again';
  const errors = h('div', {}, refusal ? errorAlert(refusal.error, reason) : null);
  async function accept(token: string): Promise<void> {
    session.signIn(token);
    try {
      await checkToken();
      signedIn();
    } catch (error) {
      // A 401 has already signed out and brought the page back with its reason.
      if (!(error instanceof ApiError && error.status === 401)) {
        session.signOut();
        replace(errors, errorAlert(error, 'Could not check the token'));
      }
    }
  }

  const tokenField = h('textarea', {
    id: newId('field'),
    name: 'token',
    rows: '4',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    {},
    h('div', { class: 'field' }, h('label', { for: tokenField.id }, 'X-Auth-Token'), tokenField),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void accept(tokenField.value.trim());
  });

  replace(main);
  append(
    main,
    h('h1', { tabindex: '-1' }, 'Sign in'),
    errors,
    h(
      'p',
      {},
      'Paste a token from IAM (the X-Subject-Token of POST /v3/auth/tokens). It is kept in this tab only, until you sign out or close it.',
    ),
    form,
    settings.localIam ? localSection(accept, errors) : null,
  );
}

function localSection(accept: (token: string) => Promise<void>, errors: HTMLElement): HTMLElement {
  const account = h('input', { id: newId('field'), name: 'account', required: true, autocomplete: 'off', value: 'owner' });
  const user = h('input', { id: newId('field'), name: 'user', autocomplete: 'off' });
  const form = h(
    'form',
    {},
    h('div', { class: 'field' }, h('label', { for: account.id }, 'Account'), account),
    h('div', { class: 'field' }, h('label', { for: user.id }, 'User (optional)'), user),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Get a local token')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    localToken(account.value.trim(), user.value.trim() || account.value.trim()).then(accept, (error: unknown) =>
      replace(errors, errorAlert(error, 'Could not get a local token')),
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'local-iam' },
    h('h2', { id: 'local-iam' }, 'Local IAM stand-in'),
    h('p', {}, 'This server (npm start) signs a token for any account, with manage on the namespace named after it.'),
    form,
  );
}
