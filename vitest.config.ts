import { defineConfig } from 'vitest/config';

/**
 * Test tiers (STYLE §Tests): unit (no I/O), integration (real DynamoDB Local, s3rver, SES local
 * started once by a global setup), cdk (template assertions), e2e (browser + mail round trip).
 */
export const testEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' };

export default defineConfig({
  test: {
    env: testEnv,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: testEnv } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/security/**/*.test.ts'],
          globalSetup: ['test/support/global-services.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: testEnv,
        },
      },
      { test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], testTimeout: 300_000, env: testEnv } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-services.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          env: testEnv,
        },
      },
      {
        // Faults under load (DynamoDB crash, inbound crash mid-message); each file runs alone so a
        // crash is not disturbed by another file's load. The soak has its own config (vitest.soak.config.ts).
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          globalSetup: ['test/support/global-services.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          env: testEnv,
        },
      },
    ],
  },
});
