/** One regular file of a tar archive. */
export interface TarEntry {
  /** A relative path of at most 100 bytes (no ustar prefix field needed). */
  name: string;
  data: Buffer | string;
}

const BLOCK = 512;

/** `value` in octal, zero-padded to fill `width` bytes with the terminating NUL. */
const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  block.write(name, 0);
  block.write(octal(0o644, 8), 100);
  block.write(octal(0, 8), 108); // uid
  block.write(octal(0, 8), 116); // gid
  block.write(octal(size, 12), 124);
  block.write(octal(0, 12), 136); // mtime: the epoch, so that the same files give the same bytes
  block.write(' '.repeat(8), 148); // the checksum counts its own field as spaces
  block.write('0', 156); // a regular file
  block.write('ustar\0', 257);
  block.write('00', 263);
  const checksum = block.reduce((sum, byte) => sum + byte, 0);
  block.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

/**
 * A POSIX ustar archive of regular files, owned by root, dated the epoch: the same entries
 * always give the same bytes (and so the same image digests). Written here rather than by
 * `tar`, so that building an image needs no tool and no staging folder.
 */
export function tarArchive(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data);
    parts.push(header(entry.name, data.length), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  // The end of the archive: two empty blocks.
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}
