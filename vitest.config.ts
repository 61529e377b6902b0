import { defineConfig } from 'vitest/config';

// One vitest run for the whole repo: a project per package plus the end-to-end project in test/.
// The global setup starts (or finds) real Kafka and DynamoDB Local once per run.
export default defineConfig({
  test: {
    projects: ['packages/*', 'services/*', 'infra/*', 'test'],
  },
});
