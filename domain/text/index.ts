// Public surface of the text: sections, canonical form and hashes, text stream events, staleness.
export * from './sections';
export * from './canonical';
export * from './plain-text';
export * from './text-events';
export * from './text-history';
