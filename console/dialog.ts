import { h, newId } from './dom.js';

export interface OpenDialog {
  dialog: HTMLDialogElement;
  close(): void;
}

/**
 * A modal dialog named by its heading: the browser keeps focus inside it, Escape closes it,
 * and focus goes back to what opened it.
 */
export function openDialog(title: string, ...content: Node[]): OpenDialog {
  const titleId = newId('dialog-title');
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  const dialog = h('dialog', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), ...content);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, close: () => dialog.close() };
}

/** Closes every open dialog: a new page starts with none. */
export function closeDialogs(): void {
  for (const dialog of document.querySelectorAll('dialog')) dialog.close();
}
