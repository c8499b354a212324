import { Args, Field, InputType, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { DomainError, ErrorCode, SingleLineText, Trim } from '@tandem/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { DIRECTORY_IMPORT_RUN } from '../directory.policies';
import { DirectoryImportService } from './directory-import.service';
import { formatProblem } from './hsds-validate';

/** Problems named in a refusal before the rest are only counted. */
const SHOWN_PROBLEMS = 200;

@InputType({ description: 'One file of a directory package: its name (no folder) and its text, UTF-8' })
export class DirectoryFileInput {
  @Field({ description: 'organizations.csv, datapackage.json, an HSDS .json file, ...' })
  @Trim()
  @Length(1, 200)
  @SingleLineText()
  @Matches(/^[^/\\]+$/, { message: 'must be a file name without a folder' })
  name!: string;

  @Field({ description: 'The file as text (at most 1,000,000 characters; the request itself is limited to 100 KB)' })
  @IsString()
  @Length(0, 1_000_000)
  content!: string;
}

@InputType({ description: 'A directory package sent as files: one HSDS JSON file, or a datapackage.json with its CSV files, or HSDS CSV files' })
export class DirectoryImportInput {
  @Field(() => [DirectoryFileInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => DirectoryFileInput)
  files!: DirectoryFileInput[];
}

@ObjectType({ description: 'What an import did to one table' })
export class DirectoryImportTable {
  @Field() table!: string;
  @Field(() => Int, { description: 'Rows in the package' }) rows!: number;
  @Field(() => Int) inserted!: number;
  @Field(() => Int, { description: 'Rows that existed and changed' }) updated!: number;
}

@ObjectType({ description: 'A capacity figure of the package at a site where beds are held for accepted referrals whose child has not arrived' })
export class DirectoryHeldFigure {
  @Field() capacityId!: string;
  @Field(() => Int, { description: "The package's figure" }) imported!: number;
  @Field(() => Int, { description: 'Beds held and not yet occupied' }) held!: number;
  @Field(() => Int, { description: 'What is stored and shown as available' }) available!: number;
}

@ObjectType({ description: 'A directory import that was written, all of it (docs/directory-import.md)' })
export class DirectoryImportResult {
  @Field({ description: 'tabular or json' }) format!: string;
  @Field(() => Int, { description: 'Rows inserted or changed; 0 when the directory already held the package' }) changed!: number;
  @Field(() => [DirectoryImportTable]) tables!: DirectoryImportTable[];
  @Field(() => [String], { description: 'Files, resources and columns Tandem does not store, left out' }) ignored!: string[];
  @Field(() => [DirectoryHeldFigure]) held!: DirectoryHeldFigure[];
}

/** The directory's import from the console: system administrators, as with `directory:import`. */
@Resolver()
export class DirectoryImportResolver {
  constructor(private readonly imports: DirectoryImportService) {}

  @Mutation(() => DirectoryImportResult, {
    description:
      'Imports a directory package sent as files, all or nothing (system administrators; audited as DIRECTORY_IMPORT). A package with problems is refused with BAD_USER_INPUT, every problem listed in extensions.problems, and nothing is written',
  })
  @Allow(DIRECTORY_IMPORT_RUN)
  async importDirectory(@CurrentViewer() viewer: Viewer, @Args('input') input: DirectoryImportInput): Promise<DirectoryImportResult> {
    const outcome = await this.imports.importFiles(viewer, input.files);
    if (!outcome.ok) {
      const problems = outcome.problems.slice(0, SHOWN_PROBLEMS).map(formatProblem);
      throw new DomainError(ErrorCode.BAD_USER_INPUT, `The package has ${outcome.problems.length} problem(s); nothing was imported`, { problems, problemCount: outcome.problems.length });
    }
    return {
      format: outcome.format,
      changed: outcome.changed,
      tables: Object.entries(outcome.tables).map(([table, count]) => ({ table, ...count })),
      ignored: outcome.ignored,
      held: outcome.held.map((figure) => ({ capacityId: figure.id, imported: figure.imported, held: figure.held, available: figure.available })),
    };
  }
}
