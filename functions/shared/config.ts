// A namespace import: `import { z }` makes esbuild keep every zod locale (+370 KB per bundle).
import * as z from 'zod';

/**
 * Runtime configuration, parsed once when a Lambda (or the local stack) loads. A missing or
 * malformed variable stops the process with a message naming it: no silent defaults.
 * The AWS_ENDPOINT_* variables exist only in local mode, where they point at the stand-ins.
 */
const list = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const schema = z.object({
  STAGE: z.enum(['local', 'aws']),
  TABLE_NAME: z.string().min(3),
  MAIL_BUCKET: z.string().min(3),
  MAIL_DOMAIN: z.string().min(3),
  MAIL_FROM_ADDRESS: z.email(),
  MAIL_FROM_NAME: z.string().min(1),
  PORTAL_URL: z.url(),
  ALLOWED_ORIGINS: list,
  /** Local and tests: the secret itself. AWS: the name of an SSM SecureString parameter. */
  REPLY_TOKEN_SECRET: z.string().min(16).optional(),
  REPLY_TOKEN_SECRET_PARAMETER: z.string().min(1).optional(),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  AWS_REGION: z.string().min(1),
  AWS_ENDPOINT_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_S3: z.url().optional(),
  AWS_ENDPOINT_SES: z.url().optional(),
});

export type Config = z.infer<typeof schema>;

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (!result.data.REPLY_TOKEN_SECRET && !result.data.REPLY_TOKEN_SECRET_PARAMETER) {
    throw new Error('Invalid configuration: set REPLY_TOKEN_SECRET or REPLY_TOKEN_SECRET_PARAMETER');
  }
  return result.data;
}

let loaded: Config | undefined;
/** The process's configuration, parsed on first use and then kept. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
