// Public surface of command handling: what app/, scripts/ and the scheduler call.
export * from './command-handler';
export * from './event-metadata';
export * from './vorlage-handler';
export * from './directory-handler';
export * from './discussion-handler';
export * from './seed';
