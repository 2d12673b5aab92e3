import { defineConfig } from '@playwright/test';

// The fidelity suite: Playwright features whose outcome shardline must keep
// exactly as `npx playwright test` gives it (tests/fidelity/compare.mjs runs
// both and compares). Kept fast: most tests need no browser, and the config
// timeout is 3 s so that the timeout cases take seconds.
//
// FIDELITY_PORT is the web server's port (compare.mjs picks a free one).
const port = Number(process.env.FIDELITY_PORT || 41731);

export default defineConfig({
  testDir: './tests',
  outputDir: process.env.FIDELITY_OUTPUT || './test-results',
  timeout: 3_000,
  retries: 0,
  reporter: 'list',
  webServer: {
    command: `node server.mjs ${port}`,
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 15_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    // Every test is a unit of its own, except serial describes.
    { name: 'desktop', fullyParallel: true },
    // Every file runs whole in one process; a smaller part of the suite.
    { name: 'phone', fullyParallel: false, testMatch: /(serial|hooks|titles|server)\.spec\.ts/ },
  ],
});
