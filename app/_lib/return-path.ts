// Where to go after signing in: the page that asked for it (`/anmelden?weiter=…`). Only a path of
// this site is followed — never another origin (`//evil.example`, `/\evil.example`, `https://…`),
// so the parameter cannot be used to send people elsewhere after they entered their password.

const MAX_RETURN_PATH_LENGTH = 2000;

/** The path to return to, or null when `value` is not a plain path of this site. */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_RETURN_PATH_LENGTH) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  // Control characters (incl. tab and newline, which browsers strip from URLs) never appear in ours.
  if ([...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f))
    return null;
  if (value === '/anmelden' || value.startsWith('/anmelden?')) return null;
  return value;
}

/** The sign-in page, remembering `path` when it is one to return to. */
export function signInPath(path: string | null | undefined): string {
  const target = safeReturnPath(path);
  return target && target !== '/' ? `/anmelden?weiter=${encodeURIComponent(target)}` : '/anmelden';
}
