// Stands in for `server-only` under vitest: that package throws outside Next's server bundles,
// which is its job in the app and irrelevant in tests of server modules.
export {};
