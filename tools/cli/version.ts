// The cloudos version, read from package.json so that it is written down once.
import { readFileSync } from 'node:fs';

export const version: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
