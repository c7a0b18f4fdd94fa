import { ConfigError } from '../../lambda/runtime/config.js';

/**
 * What a failed `listen` means for the user, as one line that says what to do; other errors
 * are answered unchanged. `portVariable` is the variable that chose the port (each command
 * has its own, so that one exported for another does not collide).
 */
export function listenError(error: unknown, host: string, port: number, portVariable = 'PORT'): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `port ${port} on ${host} is already in use (by another server?): stop it, or set ${portVariable} to a free port`,
      );
    case 'EACCES':
      return new ConfigError(`port ${port} on ${host} needs privileges this user lacks: set ${portVariable} to 1024 or above`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError(`HOST=${host}: no such address on this machine; unset it for 127.0.0.1`);
    default:
      return error;
  }
}
