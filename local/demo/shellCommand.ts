import { shellWord } from '../banner.js';

/**
 * One word of a command the demo prints and runs. A secret (a token) is printed as the shell
 * variable the user would have set (`"partner:$PARTNER"`) and run with its value.
 */
export type Word = string | { shown: string; value: string };

/** `prefix` followed by the variable `name`, whose value is `value`: `"partner:$PARTNER"`. */
export const variableWord = (prefix: string, name: string, value: string): Word => ({
  shown: `"${prefix}$${name}"`,
  value: prefix + value,
});

/** The command line as a user would type it. */
export const shownCommand = (words: Word[]) => words.map((word) => (typeof word === 'string' ? shellWord(word) : word.shown)).join(' ');

/** The arguments as they are run. */
export const commandArguments = (words: Word[]) => words.map((word) => (typeof word === 'string' ? word : word.value));
