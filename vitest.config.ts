import { defineConfig } from 'vitest/config';

/**
 * Test tiers (STYLE §Tests): unit (no I/O), integration (real DynamoDB Local, s3rver, SES local
 * started once by a global setup), cdk (template assertions), e2e (browser + mail round trip).
 */
export const testEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'ERROR' };

export default defineConfig({
  test: {
    env: testEnv,
    // Two files at a time: most tiers wait on DynamoDB Local, s3rver or chromium, so two workers
    // overlap their waits (integration tier alone: 192 s serial, 138 s with two, on 2 cores). The
    // files of the tiers without file parallelism (e2e, reliability) still run one at a time, after
    // the parallel tiers and never beside another file (checked with vitest 4.1.12 and timestamps:
    // the group order puts unit, cdk and integration first; e2e and reliability then run singly).
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        // 30 s, not vitest's 5: the password properties hash 25 passwords with real scrypt (≈ 2 s
        // alone), which took over 5 s beside an integration file on a busy 2-core machine
        test: { name: 'unit', sequence: { groupOrder: 0 }, include: ['test/unit/**/*.test.ts'], testTimeout: 30_000, env: testEnv },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 0 },
          include: ['test/integration/**/*.test.ts', 'test/security/**/*.test.ts'],
          globalSetup: ['test/support/global-services.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: testEnv,
        },
      },
      { test: { name: 'cdk', sequence: { groupOrder: 0 }, include: ['test/cdk/**/*.test.ts'], testTimeout: 300_000, env: testEnv } },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 0 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-services.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          env: testEnv,
        },
      },
      {
        // Load, and faults under load (1000 concurrent submissions, connection resets in a burst,
        // DynamoDB crash, inbound crash mid-message); each file runs alone (no file parallelism, a
        // later group), so neither a load nor a crash is disturbed by another file's work: among the
        // integration files the two load tests took 99 s and 124 s on a clean clone (CI: past 120 s),
        // here 51 s and 19 s.
        // The soak has its own config (vitest.soak.config.ts).
        test: {
          name: 'reliability',
          sequence: { groupOrder: 1 },
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
