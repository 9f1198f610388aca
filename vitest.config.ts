import { defineConfig } from 'vitest/config';

// CI asks for a JSON report beside the console output, to print one plain closing line.
const report = process.env.STEWARD_TEST_REPORT;

export default defineConfig({
  test: {
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'sidepanel/**/*.test.ts', 'bench/**/*.test.ts', 'tests/mock-anthropic/**/*.test.ts', 'tests/fixtures/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: the machines have two cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
