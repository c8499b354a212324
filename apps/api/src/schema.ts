import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { AppConfig } from '@tandem/platform';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { ApiModule } from './app.module';

/** The GraphQL schema that the API serves, sorted, exactly as committed in schema.graphql. */
export async function generateSchema(config: AppConfig): Promise<string> {
  const app = await NestFactory.create(ApiModule.forRoot(config), { logger: ['error'] });
  try {
    await app.init();
    return printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema)) + '\n';
  } finally {
    await app.close();
  }
}

/** `npm run schema:print` writes schema.graphql; with `--check` it fails when the file is stale. */
async function main(): Promise<number> {
  const schema = await generateSchema(AppConfig.fromEnv());
  const file = join(process.cwd(), 'schema.graphql');
  if (process.argv.includes('--check')) {
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current !== schema) {
      console.error('schema.graphql is out of date: run "npm run schema:print"');
      return 1;
    }
    console.log('schema.graphql is up to date');
    return 0;
  }
  writeFileSync(file, schema);
  console.log(`schema written to ${file}`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`schema:print failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
