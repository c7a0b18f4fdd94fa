/**
 * The console: a few pages over the public API, routed by the URL's fragment. Every page
 * is built with the DOM (no HTML strings), so nothing the API returns is read as markup.
 */
import { whenRefused } from './api.js';
import { closeDialogs } from './dialog.js';
import { append, h, replace } from './dom.js';
import { homePage } from './pages/home.js';
import { sharedWithMePage } from './pages/sharedWithMe.js';
import { sharingPage } from './pages/sharing.js';
import { signInPage } from './pages/signIn.js';
import { HOME, pageOf, SHARED_WITH_ME, SIGN_IN } from './routes.js';
import * as session from './session.js';
import { readSettings } from './pageSettings.js';

const settings = readSettings();
const header = document.getElementById('top')!;
const main = document.getElementById('main')!;
/** The page asked for before signing in, opened once signed in. */
let afterSignIn = HOME;

function renderHeader(): void {
  const caller = session.caller();
  const signOut = h('button', { type: 'button' }, 'Sign out');
  signOut.addEventListener('click', () => {
    session.signOut();
    location.hash = SIGN_IN;
  });
  replace(
    header,
    h('p', { class: 'brand' }, 'SWR image sharing'),
    session.token()
      ? h(
          'nav',
          { 'aria-label': 'Pages' },
          h('a', { href: HOME }, 'Repositories'),
          h('a', { href: SHARED_WITH_ME }, 'Shared with me'),
          h('span', { class: 'who' }, caller ? `${caller.user} (account ${caller.account})` : ''),
          signOut,
        )
      : null,
  );
}

function render(): void {
  closeDialogs();
  const page = pageOf(location.hash);
  if (page.page !== 'signIn' && !session.token()) {
    afterSignIn = location.hash || HOME;
    location.replace(SIGN_IN);
    return;
  }
  renderHeader();
  switch (page.page) {
    case 'signIn':
      signInPage(main, settings, session.takeRefusal(), () => {
        const next = afterSignIn;
        afterSignIn = HOME;
        if (location.hash === next) render();
        else location.hash = next;
      });
      break;
    case 'home':
      homePage(main, session.caller());
      break;
    case 'sharedWithMe':
      sharedWithMePage(main);
      break;
    case 'sharing':
      sharingPage(main, page, settings);
      break;
    case 'notFound':
      replace(main);
      append(main, h('h1', { tabindex: '-1' }, 'No such page'), h('p', {}, h('a', { href: HOME }, 'Repositories')));
  }
  const heading = main.querySelector('h1');
  if (document.activeElement === document.body || !document.activeElement) heading?.focus();
}

whenRefused((error) => {
  const expiresAt = session.caller()?.expiresAt;
  session.signOut();
  session.refuse({ error, expiredAt: expiresAt && expiresAt <= new Date() ? expiresAt : undefined });
  if (location.hash === SIGN_IN) return render();
  afterSignIn = location.hash || HOME;
  location.hash = SIGN_IN;
});
window.addEventListener('hashchange', render);
render();
