import { describe, expect, it } from 'vitest';
import { ConfigError, requirePublicUrlInProduction } from './config';

describe('PUBLIC_URL', () => {
  it('is required in production: the origin is never derived from the Host header', () => {
    expect(() => requirePublicUrlInProduction({}, 'production')).toThrow(ConfigError);
    expect(() => requirePublicUrlInProduction({}, 'production')).toThrow(/PUBLIC_URL/);
    const env = { PUBLIC_URL: 'https://vorlagen.example.org' };
    expect(requirePublicUrlInProduction(env, 'production')).toBe(env);
    expect(requirePublicUrlInProduction({}, 'development')).toEqual({});
  });
});
