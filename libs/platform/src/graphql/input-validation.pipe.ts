import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { BadInputError, FieldProblem } from '../errors/domain.error';
import { anyTextProblem } from '../validation/any-text';

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);

/** @nestjs/graphql marks `@Args()` parameters with this type (GqlParamtype.ARGS); parents and contexts are left alone. */
const GRAPHQL_ARGS = 3;

/** The first string holding a character no text may hold (`anyTextProblem`), with its path, or null. */
export function findForbiddenCharacter(value: unknown, path: string): FieldProblem | null {
  if (typeof value === 'string') {
    const message = anyTextProblem(value);
    return message === null ? null : { path, message };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findForbiddenCharacter(value[i], `${path}.${i}`);
      if (found !== null) return found;
    }
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      const found = findForbiddenCharacter(inner, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

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
 * path (`input.child.dateOfBirth`), as `BAD_USER_INPUT`, before any resolver runs; then refuses,
 * in every text argument, the characters no text may hold (`anyTextProblem`).
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type as unknown) !== GRAPHQL_ARGS && metadata.type !== 'body') return value;
    const type = metadata.metatype;
    let result = value;
    if (type && !PRIMITIVES.has(type) && value !== null && value !== undefined && typeof value === 'object') {
      // The input's own rules first: a name's single-line rule names the field as its decorator does (`aliases`, not `aliases.1`).
      const instance = plainToInstance(type, value) as object;
      const errors = await validate(instance, { whitelist: true, forbidUnknownValues: false });
      if (errors.length > 0) {
        const fields = flatten(errors, metadata.data ?? '', []);
        throw new BadInputError(fields, `${fields[0]!.path}: ${fields[0]!.message}`);
      }
      result = instance;
    }
    const forbidden = findForbiddenCharacter(value, metadata.data ?? '');
    if (forbidden !== null) throw BadInputError.field(forbidden.path, forbidden.message);
    return result;
  }
}
