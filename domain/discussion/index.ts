export * from './authorization';
export * from './commands';
export * from './decider';
export * from './events';
