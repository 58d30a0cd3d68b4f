// Named domain errors with string codes. app/ maps each code to an HTTP status and German text in
// one table; the domain itself knows nothing of HTTP.

export class DomainError<Code extends string = string> extends Error {
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
