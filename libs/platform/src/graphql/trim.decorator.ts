import { Transform } from 'class-transformer';

/** Trims a string input before it is validated, so "  " fails a length rule instead of reaching the database. */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
