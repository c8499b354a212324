import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { GraphQLContext } from '@tandem/platform';

export function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let node: GraphQLResolveInfo['path'] | undefined = info.path; node; node = node.prev) parts.unshift(node.key);
  return parts.join('.');
}

/** Names of the fields selected under the current field (inline fragments and fragment spreads included). */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}

/** Records that these selected fields under the current path were withheld (`extensions.redacted`). */
export function redact(context: GraphQLContext, info: GraphQLResolveInfo, fields: string[]): void {
  const selected = selectedFields(info);
  const base = pathOf(info);
  for (const field of fields) if (selected.has(field)) context.redacted.push(`${base}.${field}`);
}
