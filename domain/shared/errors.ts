// Named domain errors with string codes. app/ maps each code to an HTTP status and German text in
// one table; the domain itself knows nothing of HTTP.

// A registry symbol, not a module-local one: a bundler may load this module more than once (Next.js
// does, across server chunks), and `instanceof` then fails across the copies. The brand does not.
const DOMAIN_ERROR_BRAND = Symbol.for('vorlagen.DomainError');

export class DomainError<Code extends string = string> extends Error {
  readonly [DOMAIN_ERROR_BRAND] = true;

  constructor(
    readonly code: Code,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Another writer appended to the stream between our read and our append. */
export class ConcurrencyError extends DomainError<'concurrency_conflict'> {
  constructor(
    readonly stream: string,
    readonly expectedRevision: string,
    readonly actualRevision: string,
  ) {
    super(
      'concurrency_conflict',
      `Stream ${stream}: expected revision ${expectedRevision}, actual ${actualRevision}`,
      { stream, expectedRevision, actualRevision },
    );
    this.name = 'ConcurrencyError';
  }
}

/** A decider's way to refuse a command: throws a DomainError limited to that decider's codes. */
export type Fail<Code extends string> = (
  code: Code,
  message: string,
  details?: Record<string, unknown>,
) => never;

/** `fail` for one decider; `name` (e.g. "VorlageError") says in logs which decider refused. */
export function failWith<Code extends string>(name: string): Fail<Code> {
  return (code, message, details = {}) => {
    const error = new DomainError(code, message, details);
    error.name = name;
    throw error;
  };
}

/** Use instead of `instanceof DomainError`, which fails across duplicate module copies. */
export function isDomainError(error: unknown): error is DomainError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [DOMAIN_ERROR_BRAND]?: unknown })[DOMAIN_ERROR_BRAND] === true
  );
}

export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return isDomainError(error) && error.code === 'concurrency_conflict';
}
