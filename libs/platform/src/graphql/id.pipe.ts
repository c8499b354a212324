import { Injectable, PipeTransform } from '@nestjs/common';
import { BadInputError } from '../errors/domain.error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Refuses an argument that is not a record id, naming the argument, before it reaches SQL. */
@Injectable()
export class ParseIdPipe implements PipeTransform {
  constructor(private readonly path: string) {}

  transform(value: unknown): unknown {
    if (value === null || value === undefined) return value;
    if (!isId(value)) throw BadInputError.field(this.path, 'must be an id');
    return value.toLowerCase();
  }
}
