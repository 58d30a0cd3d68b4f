// The store's failures as plain values; protocol.ts maps each to the gRPC shape the client decodes.
import type { ExpectedRevision } from './types';

export type StoreErrorDetail =
  | {
      readonly kind: 'wrong-expected-version';
      readonly stream: string;
      readonly expected: ExpectedRevision;
      /** undefined = the stream does not exist. */
      readonly actual: bigint | undefined;
    }
  | { readonly kind: 'stream-deleted'; readonly stream: string }
  | { readonly kind: 'stream-not-found'; readonly stream: string }
  | { readonly kind: 'invalid-argument'; readonly message: string }
  | { readonly kind: 'maximum-append-size-exceeded'; readonly maxAppendSize: number }
  | { readonly kind: 'missing-required-metadata'; readonly properties: readonly string[] }
  | { readonly kind: 'access-denied'; readonly message: string }
  | { readonly kind: 'unauthenticated'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'internal'; readonly message: string };

export class StoreError extends Error {
  constructor(readonly detail: StoreErrorDetail) {
    super(describe(detail));
    this.name = 'StoreError';
  }
}

function describe(detail: StoreErrorDetail): string {
  switch (detail.kind) {
    case 'wrong-expected-version':
      return `Wrong expected version for stream '${detail.stream}': expected ${formatExpected(detail.expected)}, actual ${detail.actual ?? 'no stream'}`;
    case 'stream-deleted':
      return `Event stream '${detail.stream}' is deleted.`;
    case 'stream-not-found':
      return `Event stream '${detail.stream}' is not found.`;
    case 'maximum-append-size-exceeded':
      return `Maximum Append Size of ${detail.maxAppendSize} Exceeded.`;
    case 'missing-required-metadata':
      return `Required Metadata Properties ${detail.properties.join(', ')} are missing`;
    default:
      return detail.message;
  }
}

export function formatExpected(expected: ExpectedRevision): string {
  return expected.kind === 'exact' ? expected.revision.toString() : expected.kind;
}

export const invalidArgument = (message: string): StoreError =>
  new StoreError({ kind: 'invalid-argument', message });
