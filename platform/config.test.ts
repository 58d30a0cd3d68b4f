import { describe, expect, it } from 'vitest';
import { appEnv, ConfigError, parseEnv, requirePublicUrlInProduction } from './config';

describe('PUBLIC_URL', () => {
  it('is required in production: the origin is never derived from the Host header', () => {
    expect(() => requirePublicUrlInProduction({}, 'production')).toThrow(ConfigError);
    expect(() => requirePublicUrlInProduction({}, 'production')).toThrow(/PUBLIC_URL/);
    const env = { PUBLIC_URL: 'https://vorlagen.example.org' };
    expect(requirePublicUrlInProduction(env, 'production')).toBe(env);
    expect(requirePublicUrlInProduction({}, 'development')).toEqual({});
  });
});

describe('deadline and mail settings (issue 20)', () => {
  const base = {
    COLLAB_TOKEN_SECRET: 'x'.repeat(32),
    SESSION_SECRET: 'y'.repeat(32),
    PROJECTIONS_SECRET: 'z'.repeat(32),
  };
  it('SIGN_OFF_PERIOD: 2w by default, days or weeks, a clear error otherwise', () => {
    expect(parseEnv(appEnv, base).SIGN_OFF_PERIOD).toEqual({ unit: 'weeks', amount: 2 });
    expect(parseEnv(appEnv, { ...base, SIGN_OFF_PERIOD: '10d' }).SIGN_OFF_PERIOD).toEqual({
      unit: 'days',
      amount: 10,
    });
    expect(() => parseEnv(appEnv, { ...base, SIGN_OFF_PERIOD: 'zwei Wochen' })).toThrow(
      /SIGN_OFF_PERIOD/,
    );
  });
  it('REMINDER_WORKING_DAYS and SMTP_URL are validated', () => {
    expect(parseEnv(appEnv, base).REMINDER_WORKING_DAYS).toEqual([5, 1]);
    expect(parseEnv(appEnv, { ...base, REMINDER_WORKING_DAYS: '3' }).REMINDER_WORKING_DAYS).toEqual(
      [3],
    );
    expect(() => parseEnv(appEnv, { ...base, REMINDER_WORKING_DAYS: '0,x' })).toThrow(
      /REMINDER_WORKING_DAYS/,
    );
    expect(() => parseEnv(appEnv, { ...base, SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
  });
});
