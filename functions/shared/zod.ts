import { config } from 'zod/mini';
import { en } from 'zod/locales';

/**
 * The zod every Lambda validates with: `zod/mini`, the same parser core as classic `zod` with the
 * schema methods turned into functions (`z.optional(s)`, `s.check(z.maxLength(…))`). Classic zod
 * tree-shakes badly (its methods reach everything): it was ~90 KB of every bundle and, with all
 * schemas built at import, the largest part of what our code added to a Lambda's import time
 * (bench/bundles.ts, issue 7). Mini is 22–39 KB per bundle, and the admin's form schemas are built
 * on first use (`z.lazy`, the admin forms in core/{accounts,tickets,mail-in}/forms.ts).
 *
 * Classic zod registers its English messages by itself; mini does not, so it is done here, once
 * per process: fields without a Czech message of their own keep the wording they always had, and
 * configuration errors stay readable in the log. This is a side effect of importing this module,
 * so our package must not be declared `"sideEffects": false` (esbuild would then drop it).
 */
config(en());

export * from 'zod/mini';
