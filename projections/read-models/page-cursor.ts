// Keyset-paging cursors for the list queries: the sort key of a page's last row, as base64url
// JSON. Opaque to clients; a cursor a list did not hand out is refused (InvalidCursorError).

export class InvalidCursorError extends Error {
  constructor() {
    super('The page cursor is not one this list handed out');
  }
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key a cursor names, checked by `isKey`; throws InvalidCursorError for anything else. */
export function decodeCursor<Key>(cursor: string, isKey: (value: unknown) => value is Key): Key {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!isKey(value)) throw new InvalidCursorError();
  return value;
}
