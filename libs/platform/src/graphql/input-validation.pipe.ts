import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { BadInputError, FieldProblem } from '../errors/domain.error';

const PRIMITIVES = new Set<unknown>([String, Boolean, Number, Array, Object]);

/** @nestjs/graphql marks `@Args()` parameters with this type (GqlParamtype.ARGS); parents and contexts are left alone. */
const GRAPHQL_ARGS = 3;

// C0 control characters other than tab, newline and carriage return (PostgreSQL refuses NUL outright).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The path of the first string holding a control character, or null. */
export function findControlCharacter(value: unknown, path: string): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findControlCharacter(value[i], `${path}.${i}`);
      if (found !== null) return found;
    }
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      const found = findControlCharacter(inner, path ? `${path}.${key}` : key);
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
 * path (`input.child.dateOfBirth`), as `BAD_USER_INPUT`, before any resolver runs.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type as unknown) !== GRAPHQL_ARGS && metadata.type !== 'body') return value;
    const control = findControlCharacter(value, metadata.data ?? '');
    if (control !== null) throw BadInputError.field(control, 'must not contain control characters');
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
