import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { BadInputError, FieldProblem } from '../errors/domain.error';

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);

/** @nestjs/graphql marks `@Args()` parameters with this type (GqlParamtype.ARGS); parents and contexts are left alone. */
const GRAPHQL_ARGS = 3;

function flatten(errors: ValidationError[], prefix: string, into: FieldProblem[]): FieldProblem[] {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) into.push({ path, message });
    if (error.children?.length) flatten(error.children, path, into);
  }
  return into;
}

/**
 * Validates GraphQL arguments with class-validator and reports every problem with its field
 * path (`input.child.dateOfBirth`), as `BAD_USER_INPUT`, before any resolver runs.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type as unknown) !== GRAPHQL_ARGS && metadata.type !== 'body') return value;
    const type = metadata.metatype;
    if (!type || PRIMITIVES.has(type) || value === null || value === undefined || typeof value !== 'object') return value;
    const instance = plainToInstance(type, value) as object;
    const errors = await validate(instance, { whitelist: true, forbidUnknownValues: false });
    if (errors.length > 0) {
      const fields = flatten(errors, metadata.data ?? '', []);
      throw new BadInputError(fields, `${fields[0]!.path}: ${fields[0]!.message}`);
    }
    return instance;
  }
}
