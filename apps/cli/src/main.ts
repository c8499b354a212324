import 'reflect-metadata';
import { AppConfig, checkDatabase, ConfigError, DatabaseUnreachableError, withEmbeddedDatabase } from '@tandem/platform';
import { Args, COMMANDS } from './commands';

function parse(argv: string[]): { name: string | undefined; args: Args } {
  const [name, ...rest] = argv;
  const args: Args = { positional: [], flags: {} };
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i]!;
    if (token.startsWith('--')) {
      const [key, inline] = token.slice(2).split('=', 2);
      const next = rest[i + 1];
      if (inline !== undefined) args.flags[key!] = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        args.flags[key!] = next;
        i += 1;
      } else args.flags[key!] = true;
    } else args.positional.push(token);
  }
  return { name, args };
}

function usage(): void {
  console.log('usage: npm run cli -- <command> [options]\n');
  for (const [name, command] of Object.entries(COMMANDS)) console.log(`  ${name.padEnd(16)} ${command.summary}`);
}

async function main(): Promise<number> {
  const { name, args } = parse(process.argv.slice(2));
  if (!name || name === 'help' || args.flags.help) {
    usage();
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"`);
    usage();
    return 2;
  }
  // Without DATABASE_URL, the embedded database of a running `npm start` is found by itself.
  const { env, embedded } = withEmbeddedDatabase(process.env);
  const config = AppConfig.fromEnv(env);
  await checkDatabase(config, embedded);
  return command.run(config, args);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DatabaseUnreachableError) console.error(error.message);
    else console.error(`command failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
