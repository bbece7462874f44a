import { LocalSetupError } from '../local/services';
import { DEMO, startLocalStack } from '../local/stack';

/** `npm start`: the whole system on this machine, on embedded defaults. */
const port = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name}=${raw} není platné číslo portu (0–65535).`);
    process.exit(1);
  }
  return n;
};

// Lambda runs nodejs22.x; locally Node 20 is supported, so the SDK's Node-version notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Until the stack is up, a signal just exits: the exit hook in local/services.ts ends DynamoDB Local.
const early = (signal: string) => {
  console.log(`\n${signal}: ukončuji…`);
  process.exit(130);
};
process.once('SIGINT', early);
process.once('SIGTERM', early);

try {
  const stack = await startLocalStack({
    port: port('PORT', 3000),
    dynamoPort: port('DYNAMODB_PORT', 8000),
    s3Port: port('S3_PORT', 4569),
    sesPort: port('SES_PORT', 8005),
    smtpPort: port('SMTP_PORT', 2525),
  });
  console.log(`
Softech Podpora běží lokálně (Ctrl-C ukončí):
  Klientský portál   ${stack.portalUrl}
  Administrace       ${stack.adminUrl}
  Odeslaná pošta     ${stack.mailViewerUrl}
  API                ${stack.apiUrl}
  Příchozí pošta     smtp://127.0.0.1:${stack.smtpPort}  (odpovědi na podpora+…@${stack.env.MAIL_DOMAIN})

Demo klient:   IČ ${DEMO.client.ico}, heslo ${DEMO.client.password}  (${DEMO.client.name})
Demo správce:  ${DEMO.staff.email}, heslo ${DEMO.staff.password}
Data: .data/ (smažte složku pro čistý začátek)
`);
  process.off('SIGINT', early);
  process.off('SIGTERM', early);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: ukončuji…`);
    await stack.stop();
    console.log('Vše ukončeno.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  if (err instanceof LocalSetupError) {
    console.error(`\nNelze spustit: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
