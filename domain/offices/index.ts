// Public surface of the office catalogue.
export * from './catalogue';
