import { defineConfig } from 'vitest/config';

// One Vitest project per runtime: Node for annotations/ and electron/, jsdom-free DOM tests stay in e2e.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['annotations/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.crash.test.ts', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'node',
          include: ['renderer/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'crash',
          environment: 'node',
          include: ['annotations/**/*.crash.test.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});
