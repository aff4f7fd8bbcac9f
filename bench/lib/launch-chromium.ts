/**
 * Headless Chromium for the browser benchmarks, launched like the e2e suite's (playwright.config.ts):
 * Debian's /usr/bin/chromium where it exists (this machine and CI cannot download Playwright's
 * build), else Playwright's own; no sandbox (root in a container) and no background networking.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `webgpu: true` adds the flag the e2e suite's chromium-webgpu project uses (SwiftShader here). */
export function launchBenchChromium({
  webgpu = false,
}: { webgpu?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    headless: true,
    ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
    args: webgpu ? [...ARGS, '--enable-unsafe-webgpu'] : ARGS,
  });
}
