import { defineConfig } from '@playwright/test';

// shardline's bundled example: the shop in public/, served by server.mjs on a
// free port of 127.0.0.1, and its tests in tests/.
//
// The browser is Debian's chromium (apt-get install chromium): Playwright's
// own browser downloads are not used, so `npx playwright install` is never
// needed. PLAYWRIGHT_CHROMIUM_EXECUTABLE names another chromium binary.
//
// The server picks its own port and prints it; webServer.wait reads it into
// SHARDLINE_EXAMPLE_PORT, which the test workers inherit. So several
// Playwright runs (several shardline workers) can share this folder at once.
const port = process.env.SHARDLINE_EXAMPLE_PORT;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 15_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  webServer: {
    command: 'node server.mjs',
    wait: { stdout: /shop listening on http:\/\/127\.0\.0\.1:(?<shardline_example_port>\d+)/ },
    timeout: 15_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  use: {
    baseURL: port ? `http://127.0.0.1:${port}` : undefined,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // Any recording needs Playwright's own ffmpeg build, downloaded with its
    // browsers: without it every test fails at newPage ("Executable doesn't
    // exist at ~/.cache/ms-playwright/ffmpeg-*"). Off, unless asked for where
    // that ffmpeg exists (SHARDLINE_EXAMPLE_VIDEO=retain-on-failure).
    video: (process.env.SHARDLINE_EXAMPLE_VIDEO as 'off' | 'on' | 'retain-on-failure' | undefined) || 'off',
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
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
