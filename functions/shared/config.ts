import * as z from './zod';

/**
 * Runtime configuration, parsed once when a Lambda (or the local stack) loads. A missing or
 * malformed variable stops the process with a message naming it: no silent defaults.
 * The AWS_ENDPOINT_* variables exist only in local mode, where they point at the stand-ins.
 */
const list = z.pipe(
  z.string(),
  z.transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  ),
);
const text = (min: number) => z.string().check(z.minLength(min));

const schema = z.object({
  STAGE: z.enum(['local', 'aws']),
  TABLE_NAME: text(3),
  /** The full-text index's table (docs/search.md): only the functions that search or index it have it. */
  SEARCH_TABLE_NAME: z.optional(text(3)),
  MAIL_BUCKET: text(3),
  MAIL_DOMAIN: text(3),
  MAIL_FROM_ADDRESS: z.email(),
  MAIL_FROM_NAME: text(1),
  PORTAL_URL: z.url(),
  ALLOWED_ORIGINS: list,
  /** Local and tests: the secret itself. AWS: the name of an SSM SecureString parameter. */
  REPLY_TOKEN_SECRET: z.optional(text(16)),
  REPLY_TOKEN_SECRET_PARAMETER: z.optional(text(1)),
  SES_CONFIGURATION_SET: z.optional(text(1)),
  /**
   * AWS, HTTP functions only: the Secrets Manager secret CloudFront sends as the origin header
   * (functions/http/cloudfront-edge.ts). Never set locally, where no CloudFront stands in front.
   */
  ORIGIN_VERIFY_SECRET_NAME: z.optional(z.string().check(z.regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/))),
  AWS_REGION: text(1),
  AWS_ENDPOINT_DYNAMODB: z.optional(z.url()),
  AWS_ENDPOINT_S3: z.optional(z.url()),
  AWS_ENDPOINT_SES: z.optional(z.url()),
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
  if (result.data.STAGE === 'local' && result.data.ORIGIN_VERIFY_SECRET_NAME !== undefined) {
    throw new Error("Invalid configuration: ORIGIN_VERIFY_SECRET_NAME belongs to the aws stage (locally the gateway's peer is the caller)");
  }
  return result.data;
}

/**
 * The origin secret's name for the HTTP functions (client API, admin): required in AWS, where a
 * request without the secret is refused; none locally. Asked for when a handler module loads, so a
 * function deployed without it fails at once instead of answering every request with an error.
 * (Only the HTTP functions need it, so the schema itself cannot require it for every AWS function.)
 */
export function originVerifySecretName(cfg: Config): string | undefined {
  if (cfg.STAGE === 'local') return undefined;
  if (cfg.ORIGIN_VERIFY_SECRET_NAME === undefined) {
    throw new Error('Invalid configuration: ORIGIN_VERIFY_SECRET_NAME is required by the HTTP functions in the aws stage');
  }
  return cfg.ORIGIN_VERIFY_SECRET_NAME;
}

/** The search table's name, for the functions that search or index (admin, client API, indexer): asked for when their part of the graph is built. */
export function searchTableName(cfg: Config): string {
  if (cfg.SEARCH_TABLE_NAME === undefined)
    throw new Error('Invalid configuration: SEARCH_TABLE_NAME is required by the functions that search');
  return cfg.SEARCH_TABLE_NAME;
}

let loaded: Config | undefined;
/** The process's configuration, parsed on first use and then kept. */
export function config(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
