/** Limits shared by every bot state store (in memory, on Redis). */

/** Largest bot state item (one user's or one conversation's state); ours are well under 4 KB. */
export const DEFAULT_STATE_MAX_ITEM_BYTES = 64 * 1024;

export class StateItemTooLargeError extends Error {
  constructor(
    readonly key: string,
    readonly bytes: number,
    readonly maxBytes: number
  ) {
    super(`Storage: item "${key.slice(0, 200)}" is ${bytes} bytes, more than the ${maxBytes} allowed.`);
    this.name = 'StateItemTooLargeError';
  }
}
