// browser.mjs: Debian's Chromium, headless, started by playwright-core (which
// cannot download a browser here, and must not: the tests use the system's).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// A fresh profile each run, and none of Chromium's background traffic: the
// machine's network is closed and a test must not depend on it.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'lasearch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
