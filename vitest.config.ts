import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// One vitest run for the whole repo: a project per workspace package (named after its package.json)
// plus the end-to-end project in test/, and `fuzz`: the property-based suites in test/fuzz/
// (thousands of generated cases each; `--project fuzz` runs them alone). The global setup finds or
// starts real Kafka and DynamoDB Local once per run and exports KAFKA_BROKERS / DYNAMODB_ENDPOINT to
// every test.
const root = import.meta.dirname;
const workspaceDirs = ['packages', 'services', 'infra']
  .flatMap((group) => readdirSync(join(root, group)).map((dir) => join(group, dir)))
  .concat(['test'])
  .filter((dir) => existsSync(join(root, dir, 'package.json')));

export default defineConfig({
  test: {
    globalSetup: ['./packages/testing/src/global-setup.ts'],
    // Tests talk to real servers on a shared 2-core machine: generous limits, no fixed sleeps.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      ...workspaceDirs.map((dir) => ({
        extends: true,
        test: {
          name: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name as string,
          root: join(root, dir),
          include: dir === 'test' ? ['**/*.test.ts'] : ['test/**/*.test.ts'],
          exclude: dir === 'test' ? [...configDefaults.exclude, 'fuzz/**'] : configDefaults.exclude,
        },
      })),
      {
        extends: true,
        test: { name: 'fuzz', root: join(root, 'test'), include: ['fuzz/**/*.test.ts'] },
      },
    ],
  },
});
