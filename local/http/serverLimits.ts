import type { Server, ServerOptions } from 'node:http';

/**
 * What the local server grants one client; chosen here rather than left to Node's defaults,
 * which allow a request's headers 60 s and its whole 300 s, and connections without number.
 */
export interface ServerLimits {
  /** To receive a request's headers (a slowloris client is closed after this). */
  headersTimeoutMs: number;
  /** To receive a whole request, body included. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked (they take effect up to this much late). */
  checkIntervalMs: number;
  /** Open connections at once; more are closed as they arrive. */
  maxConnections: number;
  /** The request line and headers together (Node's default, stated). */
  maxHeaderBytes: number;
  /** A body larger than this is answered 413 (the handlers refuse anything over 8 KiB anyway). */
  maxBodyBytes: number;
  /**
   * Of a body too large, up to this much is read and discarded before the 413, so that the
   * client, still sending, reads the answer (API Gateway takes up to 10 MB); past it the
   * connection is closed after the answer.
   */
  maxDrainBytes: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxConnections: 256,
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 1024 * 1024,
  maxDrainBytes: 16 * 1024 * 1024,
};

/** The options of `createServer` that carry the limits. */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    maxHeaderSize: limits.maxHeaderBytes,
  };
}

/** The limits `createServer` takes no option for. */
export function applyConnectionCap(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
}
