import base from './playwright.config';
import { defineConfig } from '@playwright/test';

// `npx playwright test -c shots.config.ts` refreshes the README's screenshots.
export default defineConfig({ ...base, testDir: './shots', workers: 1, reporter: 'list' });
