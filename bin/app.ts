#!/usr/bin/env node
import { createSupportApp } from '../lib/support-app';
import { prepareWebAssets } from '../lib/web-assets';

/** `npx cdk synth|deploy` (cdk.json runs this with tsx). Context keys: lib/settings.ts. */
const web = await prepareWebAssets();
try {
  createSupportApp({ webAssetPath: web.path, ...(web.warning && { webAssetWarning: web.warning }) }).app.synth();
} finally {
  await web.cleanup();
}
