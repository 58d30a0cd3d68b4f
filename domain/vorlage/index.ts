// Public surface of the Vorlage aggregate: schemas, the decider, authorization queries.
export * from './events';
export * from './commands';
export * from './state';
export * from './decider';
export * from './authorization';
