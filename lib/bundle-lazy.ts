import { bundleLazyModules } from './bundling';

/** `tsx lib/bundle-lazy.ts <bundle>`: NodejsFunction's afterBundling hook (lib/bundling.ts). */
const bundle = process.argv[2];
if (!bundle) throw new Error('usage: tsx lib/bundle-lazy.ts <path of the bundled index.mjs>');
await bundleLazyModules(bundle);
