import type { AuditedTerms, AuditEvent, ShareChangeEvent, TokenGrantEvent } from '../../lambda/audit/AuditEvent.js';
import type { Share } from '../../lambda/domain/share.js';

/**
 * An audit event as `npm run audit` prints it: one line, the time and type first. Text that
 * came from callers (user names, descriptions) is quoted as JSON when it holds anything but
 * plain characters, so that no name can break the line or send a terminal control sequence.
 */
export function formatAuditEvent(event: AuditEvent): string {
  const fields = event.audit === 'token.granted' ? tokenGrant(event) : shareChange(event);
  return [event.time, event.audit, show(event.repository), ...fields, `request ${show(event.requestId)}`].join('  ');
}

const PLAIN = /^[\w.@$/:+-]+$/;
/** What JSON.stringify leaves as it is but a terminal may act on: DEL, C1 controls, format characters (bidi overrides), line separators. */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const unicodeEscape = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;
/** Each UTF-16 unit of the character, as JSON writes one (a tag character beyond U+FFFF is two). */
const escapeUnseen = (quoted: string) =>
  quoted.replace(UNSEEN, (character) =>
    Array.from({ length: character.length }, (_, i) => unicodeEscape(character.charCodeAt(i))).join(''),
  );
const quote = (text: string) => escapeUnseen(JSON.stringify(text));
const show = (text: string) => (PLAIN.test(text) ? text : quote(text));

const who = (event: AuditEvent) => `${show(event.account)}/${show(event.user)}`;

function terms(terms: AuditedTerms): string {
  return `${show(terms.permit)} until ${show(terms.deadline)}${terms.description ? ` ${quote(terms.description)}` : ''}`;
}

function shareChange(event: ShareChangeEvent): string[] {
  const credential = event.accessKeyId ? `access key ${show(event.accessKeyId)}` : event.credential;
  const change = [event.after && terms(event.after), event.before && `(was ${terms(event.before)})`].filter(Boolean).join(' ');
  return [`with ${show(event.sharedWith)}`, `by ${who(event)} (${credential})`, ...(change ? [change] : [])];
}

function tokenGrant(event: TokenGrantEvent): string[] {
  return [event.actions.map(show).join(','), `to ${who(event)}`, `through a share until ${show(event.shareDeadline)}`];
}

/** A share no token used lately, as `npm run audit -- --unused` prints it: one line, quoted as events are. */
export function formatUnusedShare(share: Share): string {
  const used = share.lastUsedAt ? `last used ${share.lastUsedAt} by ${show(share.lastUsedBy ?? '')}` : 'never used';
  const owner = share.ownerDomain === undefined ? '' : `${show(share.ownerDomain)}/`;
  return [
    show(`${share.namespace}/${share.repository}`),
    `with ${show(share.accessDomain)}`,
    used,
    `shared ${share.created} by ${owner}${show(share.creatorName)}`,
    `until ${show(share.deadline)}`,
  ].join('  ');
}
