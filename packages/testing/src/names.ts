import { randomBytes } from 'node:crypto';

/** A name no other test (or earlier run) uses: `<prefix>-<12 hex chars>`. Valid for topics, groups and tables. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}
