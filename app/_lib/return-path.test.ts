import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInPath } from './return-path';

describe('safeReturnPath', () => {
  it('follows paths of this site, with their query', () => {
    expect(safeReturnPath('/vorlagen/2026-05-19-abc')).toBe('/vorlagen/2026-05-19-abc');
    expect(safeReturnPath('/uebersicht?ansicht=matrix&seite=2')).toBe(
      '/uebersicht?ansicht=matrix&seite=2',
    );
  });

  it('never leads to another origin or back to the sign-in page', () => {
    for (const value of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'vorlagen',
      '/vor\nlagen',
      '/\tevil',
      '/anmelden',
      '/anmelden?weiter=/x',
      '/' + 'x'.repeat(2001),
      null,
      42,
    ])
      expect(safeReturnPath(value), String(value)).toBeNull();
  });
});

describe('signInPath', () => {
  it('remembers the page asked for, encoded', () => {
    expect(signInPath('/vorlagen/v1/historie?x=1')).toBe(
      '/anmelden?weiter=%2Fvorlagen%2Fv1%2Fhistorie%3Fx%3D1',
    );
  });

  it('is the plain sign-in page for the start page or an unsafe target', () => {
    expect(signInPath('/')).toBe('/anmelden');
    expect(signInPath('//evil.example')).toBe('/anmelden');
    expect(signInPath(null)).toBe('/anmelden');
  });
});
