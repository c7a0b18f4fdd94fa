import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether `name` is an executable in a folder of PATH: what a shell would find, without running `which`. */
export function isOnPath(name: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
