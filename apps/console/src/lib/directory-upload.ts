// The console's directory import: the files an administrator picked, read as text and checked for
// size before anything is sent; and the problems of a refused package, as the API lists them.
import type { CombinedError } from 'urql';

/**
 * The most the console sends in one import. The API reads request bodies up to 100 KB; a package
 * larger than this goes through the command line, which reads any size (docs/directory-import.md).
 */
export const UPLOAD_LIMIT_BYTES = 90_000;

export interface PackageFile {
  name: string;
  content: string;
}

export type PickedPackage = { ok: true; files: PackageFile[]; bytes: number } | { ok: false; reason: string };

/** The picked files as text, or why they cannot be sent: none picked, or too large for the console. */
export async function readPicked(picked: readonly { name: string; size: number; text(): Promise<string> }[]): Promise<PickedPackage> {
  if (picked.length === 0) return { ok: false, reason: 'Choose the files of the package first.' };
  const bytes = picked.reduce((sum, file) => sum + file.size, 0);
  if (bytes > UPLOAD_LIMIT_BYTES) {
    return {
      ok: false,
      reason: `The package is ${kilobytes(bytes)}; the console sends up to ${kilobytes(UPLOAD_LIMIT_BYTES)}. Import it from the command line instead (below).`,
    };
  }
  const files = await Promise.all(picked.map(async (file) => ({ name: file.name, content: await file.text() })));
  return { ok: true, files, bytes };
}

export function kilobytes(bytes: number): string {
  return `${Math.max(1, Math.ceil(bytes / 1000))} KB`;
}

/** The problems of a refused package (file, line, column, reason), and how many there were in all. */
export function importProblems(error: CombinedError | undefined): { problems: string[]; count: number } | null {
  const first = error?.graphQLErrors?.[0];
  const problems = first?.extensions?.problems;
  if (first?.extensions?.code !== 'BAD_USER_INPUT' || !Array.isArray(problems)) return null;
  const count = typeof first.extensions.problemCount === 'number' ? first.extensions.problemCount : problems.length;
  return { problems: problems.map(String), count };
}
