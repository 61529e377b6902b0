import { spawn } from 'node:child_process';
import {
  type LocalStackConfig,
  type ServerName,
  stackDown,
  stackLogFiles,
  stackStatus,
  stackUp,
} from '@vendstream/local-infra';

const log = (line: string) => console.error(`[vend] ${line}`);

function serversArg(args: string[]): ServerName[] | undefined {
  const names = args.filter((a) => !a.startsWith('-'));
  for (const name of names) {
    if (name !== 'kafka' && name !== 'dynamodb')
      throw new Error(`unknown server "${name}" (kafka | dynamodb)`);
  }
  return names.length > 0 ? (names as ServerName[]) : undefined;
}

export async function infraCommand(config: LocalStackConfig, args: string[]): Promise<number> {
  const [sub = 'status', ...rest] = args;
  switch (sub) {
    case 'up':
      await stackUp(config, log, serversArg(rest));
      return printStatus(config);
    case 'down':
      await stackDown(config, log, serversArg(rest));
      return 0;
    case 'status':
      return printStatus(config);
    case 'logs': {
      const files = stackLogFiles(config);
      const which = serversArg(rest) ?? (['kafka', 'dynamodb'] as ServerName[]);
      const follow = rest.includes('-f') || rest.includes('--follow');
      const child = spawn(
        'tail',
        [follow ? '-F' : '-n', ...(follow ? [] : ['100']), ...which.map((w) => files[w])],
        {
          stdio: 'inherit',
        },
      );
      return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
    }
    default:
      throw new Error(`unknown infra command "${sub}": use up | down | status | logs [kafka|dynamodb] [-f]`);
  }
}

async function printStatus(config: LocalStackConfig): Promise<number> {
  const rows = await stackStatus(config);
  const table = [['SERVER', 'STATE', 'VERSION', 'ENDPOINT', 'PID']].concat(
    rows.map((r) => [r.name, r.state, r.version, r.endpoint, r.pid ? String(r.pid) : '-']),
  );
  const widths = table.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  for (const r of rows) if (r.detail) console.log(`  ${r.name}: ${r.detail}`);
  return rows.every((r) => r.state === 'running') ? 0 : 3;
}
