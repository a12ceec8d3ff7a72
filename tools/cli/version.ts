// The cloudos version, read from package.json so that it is written down once.
import { readFileSync } from 'node:fs';
import { fromRepoRoot } from '../../conventions/index.js';

export const version: string = (JSON.parse(readFileSync(fromRepoRoot('package.json'), 'utf8')) as { version: string }).version;
