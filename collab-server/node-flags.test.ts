import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COLLAB_SERVER_NODE_FLAGS } from './node-flags';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('the collab server’s Node flags', () => {
  it('docker-compose.yml and the npm script start it with the flags scripts/start.ts uses', () => {
    const compose = read('docker-compose.yml');
    const commandOf = /collab-server:\n(?:.*\n)*?\s+command: \[(.*)\]/.exec(compose)?.[1] ?? '';
    const composeArgs = commandOf.split(',').map((part) => part.trim().replace(/^'|'$/g, ''));
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    const npmArgs = scripts['collab-server']!.split(' ');
    for (const args of [composeArgs, npmArgs]) {
      expect(args.slice(0, 1 + COLLAB_SERVER_NODE_FLAGS.length)).toEqual([
        'node',
        ...COLLAB_SERVER_NODE_FLAGS,
      ]);
      expect(args.at(-1)).toBe('collab-server/main.ts');
    }
  });
});
