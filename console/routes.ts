/** The console's pages as URL fragments, so that a link to a page can be shared. */
export const SIGN_IN = '#/sign-in';
export const HOME = '#/';
export const SHARED_WITH_ME = '#/shared-with-me';

/** `#/repositories/<namespace>/<repository>`: a repository name may hold `/`. */
export function sharingRoute(namespace: string, repository: string): string {
  return `#/repositories/${encodeURIComponent(namespace)}/${repository.split('/').map(encodeURIComponent).join('/')}`;
}

export type Page =
  | { page: 'signIn' }
  | { page: 'home' }
  | { page: 'sharedWithMe' }
  | { page: 'sharing'; namespace: string; repository: string }
  | { page: 'notFound' };

export function pageOf(hash: string): Page {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { page: 'home' };
  if (`#${path}` === SIGN_IN) return { page: 'signIn' };
  if (`#${path}` === SHARED_WITH_ME) return { page: 'sharedWithMe' };
  const sharing = /^\/repositories\/([^/]+)\/(.+)$/.exec(path);
  if (sharing) {
    try {
      const repository = sharing[2]!.split('/').map(decodeURIComponent).join('/');
      return { page: 'sharing', namespace: decodeURIComponent(sharing[1]!), repository };
    } catch {
      return { page: 'notFound' };
    }
  }
  return { page: 'notFound' };
}
