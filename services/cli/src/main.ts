// The ./vend command line. ./vend (bash) provides Node and dependencies, then hands over here.
import { localStackConfigFromEnv, REPO_ROOT } from '@vendstream/local-infra';
import { demoCommand } from './commands/demo.ts';
import { infraCommand } from './commands/infra.ts';
import { sandboxCommand } from './commands/sandbox.ts';

const [command = 'help', ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  const config = localStackConfigFromEnv(process.env, REPO_ROOT);
  switch (command) {
    case 'infra':
      return infraCommand(config, args);
    case 'demo':
      return demoCommand(config, args);
    case 'sandbox':
      return sandboxCommand(args);
    default:
      console.error(`unknown command "${command}"; run ./vend help`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[vend] error: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.VEND_DEBUG) console.error(error);
    process.exit(1);
  },
);
