import { defineConfig } from 'vitest/config';
import { testEnv } from './vitest.config';

/**
 * The soak (`npm run test:soak`): ten minutes of mixed traffic against the whole local stack, alone
 * on the machine, so that its RSS and handle samples are the stack's. Kept out of `npm test` so the
 * everyday suite stays fast; .ci/run runs it after `npm test`.
 */
export default defineConfig({
  test: {
    name: 'soak',
    include: ['test/soak/**/*.test.ts'],
    globalSetup: ['test/support/global-services.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    hookTimeout: 180_000,
    env: testEnv,
  },
});
