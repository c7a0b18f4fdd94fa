/**
 * The few DER (X.690 Distinguished Encoding Rules) encodings a leaf certificate needs
 * (./certificates.ts), and nothing else: an ASN.1 library would add over 100 KB to the token
 * functions' bundles. Each answers one complete element: tag, definite length in the fewest
 * bytes, contents.
 */

/** An element of universal tag `tag` (or any tag byte: 0xa0 for `[0]` constructed, …). */
export function element(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  const length = body.length;
  if (length < 0x80) return Buffer.concat([Buffer.of(tag, length), body]);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  return Buffer.concat([Buffer.of(tag, 0x80 | lengthBytes.length, ...lengthBytes), body]);
}

export const sequence = (...elements: Uint8Array[]) => element(0x30, ...elements);
export const set = (...elements: Uint8Array[]) => element(0x31, ...elements);
/** `[n] EXPLICIT`: a context-specific constructed element around one element. */
export const explicit = (n: number, inner: Uint8Array) => element(0xa0 | n, inner);
export const boolean = (value: boolean) => element(0x01, Buffer.of(value ? 0xff : 0x00));
export const octetString = (bytes: Uint8Array) => element(0x04, bytes);
/** A BIT STRING of whole bytes, or of `unusedBits` fewer bits (the last byte's low ones, zero). */
export const bitString = (bytes: Uint8Array, unusedBits = 0) => element(0x03, Buffer.of(unusedBits), bytes);

/**
 * The non-negative INTEGER whose big-endian magnitude is `unsigned` (a serial number, an
 * ECDSA r or s): leading zero bytes dropped, one zero put back if the top bit is set, so
 * that it is positive and minimal as DER requires (Go refuses any other form).
 */
export function unsignedInteger(unsigned: Uint8Array): Buffer {
  let start = 0;
  while (start < unsigned.length - 1 && unsigned[start] === 0) start += 1;
  const magnitude = unsigned.subarray(start);
  if (magnitude.length === 0) return element(0x02, Buffer.of(0));
  return magnitude[0]! & 0x80 ? element(0x02, Buffer.of(0), magnitude) : element(0x02, magnitude);
}

/** An OBJECT IDENTIFIER from its dotted form: the first two arcs in one, each base 128. */
export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0)) throw new Error(`Not an object identifier: ${dotted}`);
  const bytes: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const digits = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) digits.unshift(0x80 | (rest % 128));
    bytes.push(...digits);
  }
  return element(0x06, Buffer.from(bytes));
}

/** PrintableString's alphabet (X.680): what a name is encoded as when it fits. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A directory string: PrintableString when it fits its alphabet, UTF8String otherwise. */
export const directoryString = (text: string) => element(PRINTABLE.test(text) ? 0x13 : 0x0c, Buffer.from(text, 'utf8'));

/**
 * An X.509 Time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050, in
 * whole seconds (a fraction is dropped), always in UTC (`Z`).
 */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (!Number.isFinite(date.getTime()) || year < 1950 || year > 9999) throw new Error(`No X.509 time for ${String(date)}`);
  const two = (n: number) => String(n).padStart(2, '0');
  const monthToSecond = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  const rest = `${monthToSecond.map(two).join('')}Z`;
  if (year < 2050) return element(0x17, Buffer.from(`${two(year % 100)}${rest}`, 'ascii'));
  return element(0x18, Buffer.from(`${year}${rest}`, 'ascii'));
}
