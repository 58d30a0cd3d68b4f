// Worker-thread entry: worker threads do not inherit the parent's TypeScript loader, so register
// tsx here, then load the writer worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./write-worker.ts');
