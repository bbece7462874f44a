import net from 'node:net';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccounts } from '../functions/adapters/dynamo/accounts';
import { DynamoTicketIndex } from '../functions/adapters/dynamo/ticket-index';
import type { ReindexRun } from '../functions/core/tickets/ticket-index';
import { DynamoSearch } from '../functions/adapters/dynamo/search';
import { reindexTicketSearch } from '../functions/core/search/search';
import { ensureSearchTable, ensureTable } from '../functions/adapters/table-setup';
import { OFFLINE_COMMANDS, parseOpsArgs, runOps, UsageError } from '../functions/handlers/ops';
import { randomIds, systemClock } from '../functions/wiring/app';
import { startDynamo, type Service } from '../local/services';
import { repoRoot } from '../local/stack';

/**
 * `npm run ops -- <command>`. Local stage (default): the DynamoDB Local of a running `npm start`
 * (DYNAMODB_PORT, default 8000), or, when none runs, a temporary one on the same .data folder.
 * AWS stage: the tables named by --table and --search-table (or TABLE_NAME and SEARCH_TABLE_NAME),
 * with the usual AWS credentials.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

let temporary: Service | undefined;
try {
  const { command, stage, table, searchTable, args, notes } = parseOpsArgs(process.argv.slice(2));
  for (const note of notes) console.error(note);
  if (OFFLINE_COMMANDS.has(command)) console.log(JSON.stringify(await runOps(undefined as never, command, args), null, 2));
  else await onTable(command, stage, { table, searchTable }, args);
} catch (err) {
  console.error(err instanceof UsageError ? err.message : `Chyba: ${(err as Error).message}`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
} finally {
  await temporary?.stop();
}

/** A command on the tables: the local stack's DynamoDB (or a temporary one), or the AWS tables named. */
async function onTable(
  command: Parameters<typeof runOps>[1],
  stage: 'local' | 'aws',
  names: { table?: string; searchTable?: string },
  args: unknown,
) {
  let dynamo: DynamoDBClient;
  let tableName: string;
  let searchTableName: string;
  if (stage === 'local') {
    const port = Number(process.env.DYNAMODB_PORT ?? 8000);
    let endpoint = `http://127.0.0.1:${port}`;
    if (!(await reachable(port))) {
      temporary = await startDynamo({ port: 0, dataDir: path.join(repoRoot, '.data', 'dynamodb') });
      endpoint = temporary.endpoint;
    }
    dynamo = new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    tableName = names.table ?? process.env.TABLE_NAME ?? 'softech-podpora';
    searchTableName = names.searchTable ?? process.env.SEARCH_TABLE_NAME ?? `${tableName}-search`;
    await ensureTable(dynamo, tableName);
    await ensureSearchTable(dynamo, searchTableName);
  } else {
    tableName = names.table ?? process.env.TABLE_NAME ?? '';
    searchTableName = names.searchTable ?? process.env.SEARCH_TABLE_NAME ?? '';
    if (!tableName)
      throw new UsageError('Pro --stage aws uveďte --table <název tabulky> (výstup TableName ze CloudFormation) nebo TABLE_NAME.');
    if (!searchTableName)
      throw new UsageError(
        'Pro --stage aws uveďte --search-table <tabulka fulltextu> (výstup SearchTableName ze CloudFormation) nebo SEARCH_TABLE_NAME.',
      );
    dynamo = new DynamoDBClient({ region: process.env.AWS_REGION ?? 'eu-west-1' });
  }
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const store = new DynamoAccounts(doc, tableName);
  const ticketIndex = new DynamoTicketIndex(doc, tableName);
  const search = new DynamoSearch(doc, tableName, searchTableName);
  const deps = {
    clients: store,
    staff: store,
    sessions: store,
    throttle: store,
    clock: systemClock,
    ids: randomIds,
    ticketIndex: { index: ticketIndex, clock: systemClock },
    search: { index: ticketIndex, clock: systemClock, reindexSearch: (n: number) => reindexTicketSearch({ search }, n) },
    everyTicket: (resumable: boolean) =>
      ticketIndex.everyTicket({ resumable, onResume: (at) => console.error(`Pokračuje se od místa přerušení (${at}).`) }),
    progress: (run: ReindexRun) =>
      console.error(
        `… ${run.tickets} požadavků prošlo, ${run.recorded} zapsáno do indexů${run.postings === undefined ? '' : `, ${run.postings} hesel do fulltextu`}`,
      ),
  };
  console.log(JSON.stringify(await runOps(deps, command, args), null, 2));
  dynamo.destroy();
}
