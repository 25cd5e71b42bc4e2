// An in-process fake of the parts of GitHub that gitops-promote talks to: a real HTTP server on 127.0.0.1 with an
// in-memory model of repositories (real git objects and SHA-1s, refs, pull requests, statuses, check runs,
// deployments, labels), REST + GraphQL, checked against GitHub's published descriptions, with request recording
// and fault injection. No jest imports: bench/ and scripts/ use it too. Modules:
//   types.ts         the public types          model.ts   state and the test methods (arrange, inspect)
//   git-store.ts     git objects, ancestry      server.ts  HTTP: record, validate, fault, route, paginate
//   faults.ts        errors, faults, auth       graphql.ts GraphQL queries and mutations
//   merge-queue.ts   merge queues               rest/*.ts  REST routes by area (repos, git, pulls, checks, ...)
import {FakeGitHubImpl} from './model.js'
import type {FakeGitHubOptions, FakeGitHub} from './types.js'

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = new FakeGitHubImpl(opts)
  await fake.listen()
  return fake
}

export * from './types.js'
export {gitHash} from './git-store.js'
export type {FakeAppOptions, DispatchRecord, IssuedToken} from './app.js'
