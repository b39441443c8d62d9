// Runs against the release build, started here with a fresh demo database on its own port.
import { defineConfig, devices } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.HACKBOARD_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), "hackboard-e2e-"));

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  // A budget, not a measure: the tests with two or three browsers sign up two accounts
  // (argon2) and load a dozen pages, and took 31 s of 30 on a loaded two-core clean-clone
  // run with every step passing. Each step still waits for a state it can see.
  timeout: 60_000,
  expect: { timeout: 5_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    launchOptions: chromium,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "desktop",
      // live.spec.ts restarts a server of its own: it runs once, in the phone project.
      testIgnore: [/no-javascript\.spec\.ts/, /live\.spec\.ts/],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } },
    },
    {
      name: "phone",
      testIgnore: /no-javascript\.spec\.ts/,
      use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } },
    },
    {
      name: "no-javascript",
      testMatch: /no-javascript\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], javaScriptEnabled: false },
    },
  ],
  webServer: {
    command: "../target/release/hackboard serve --demo",
    cwd: __dirname,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    env: {
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "../target/site",
      RUST_LOG: "warn",
      // The demo accounts' password, as pages/account.ts knows it.
      HACKBOARD_DEMO_PASSWORD: "correct horse battery",
      // Every test signs in from 127.0.0.1; the limits have their own integration test.
      HACKBOARD_ATTEMPTS_PER_MINUTE: "1000",
    },
  },
});
