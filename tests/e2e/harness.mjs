// What the browser tests share: where Chromium is and how it starts, the server's URL, and
// the rule that a missing set-up skips with a message, or fails under CI=true.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
export const CI = process.env.CI === 'true';
export const BASE = (process.env.DATELINE_URL || '').replace(/\/+$/, '');

/** Why a browser suite cannot run here, or null. `baseHint` says where DATELINE_URL comes from. */
export function missingSetup(baseHint) {
  if (!fs.existsSync(CHROMIUM)) {
    return `Chromium not found at ${CHROMIUM}: apt-get install chromium chromium-driver`;
  }
  if (!fs.existsSync(path.join(HERE, 'node_modules', 'playwright-core'))) {
    return 'playwright-core is not installed: run `npm ci` in tests/e2e';
  }
  if (!BASE) return `DATELINE_URL is not set (${baseHint})`;
  return null;
}

/** Runs `suite`, or skips `name` with `problem` (a failure under CI=true). */
export function runOrSkip(name, problem, suite) {
  if (problem && CI) {
    test(`${name}: set-up`, () => assert.fail(problem));
  } else if (problem) {
    test(name, { skip: problem }, () => {});
  } else {
    suite();
  }
}

/** Launches Chromium and makes the artefacts folder. */
export async function launch() {
  const { chromium } = await import('playwright-core');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
