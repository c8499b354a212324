import { FragmentDefinitionNode, getOperationAST, Kind, parse } from 'graphql';
import { operationLabel } from './metrics.plugin';

function label(query: string): string {
  const document = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return operationLabel(getOperationAST(document)!, fragments);
}

describe('operationLabel', () => {
  it('is the root field, whatever the operation is called or aliased', () => {
    expect(label(`query AnythingAtAll { cases(first: 1) { edges { cursor } } }`)).toBe('cases');
    expect(label(`{ a: cases { edges { cursor } } b: cases { edges { cursor } } }`)).toBe('cases');
    expect(label(`mutation Whatever { login(email: "x", password: "y") { accessToken } }`)).toBe('login');
  });

  it('looks through fragments, and is "multiple" for several root fields', () => {
    expect(label(`query { ...Root } fragment Root on Query { me { id } }`)).toBe('me');
    expect(label(`query { ... on Query { me { id } } jurisdictions { id } }`)).toBe('multiple');
  });
});
