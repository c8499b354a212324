// Test support shared by the suites: a GraphQL client over HTTP and builders of test data.
export * from './graphql-client';
export * from './test-world';
export * from './viewers';
