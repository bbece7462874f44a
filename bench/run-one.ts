export {};
/**
 * Runs one bench module in a process of its own (each bench starts its own stack, and the
 * handlers' configuration is read once per process) and hands its rows to bench/run.ts as the last
 * line of output: `BENCH-ROWS <json>`.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';

const file = process.argv[2]!;
const rows = await (await import(file)).run((m: string) => console.log(m));
console.log(`BENCH-ROWS ${JSON.stringify(rows)}`);
process.exit(0);
