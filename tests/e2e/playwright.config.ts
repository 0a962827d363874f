import { defineConfig } from '@playwright/test';

// Each worker starts its own simulator (see fixtures.ts), so tests that inject
// faults never disturb each other.
export default defineConfig({
  testDir: './specs',
  timeout: 30_000,
  // The first load of a worker compiles the WebAssembly; on a busy 2-core machine that can take seconds.
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON ?? '../../.scratch/e2e.json' }]],
  outputDir: '../../.scratch/test-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
