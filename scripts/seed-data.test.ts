// The demo accounts carry distinct person names (issue 21: carets and the audit trail read
// "Anna Krüger", not "Bearbeitung Jug"), the same on every start.
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, demoPersonName } from './seed-data';

describe('demo users', () => {
  it('every account has its own person name: a first name and a surname', () => {
    const names = DEMO_USERS.map((user) => user.displayName);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}[\p{L}-]+$/u);
    expect(names.some((name) => /^(Bearbeitung|Zeichnung|Vertretung) /.test(name))).toBe(false);
  });

  it('names are deterministic, so a login keeps its name across restarts', () => {
    expect(demoPersonName(0)).toBe('Anna Krüger');
    expect(demoPersonName(1)).toBe(demoPersonName(1));
  });
});
