// An in-process fake of the parts of GitHub that gitops-promote talks to: a real HTTP server on 127.0.0.1 with an
// in-memory model of repositories (real git objects and SHA-1s, refs, pull requests, statuses, check runs,
// deployments, labels), REST + GraphQL, checked against GitHub's published descriptions, with request recording
// and fault injection. No jest imports: bench/ and scripts/ use it too. Modules:
//   types.ts         the public types              model.ts          state and the test methods (arrange, inspect)
//   git-store.ts     git objects, ancestry          server.ts         HTTP: record, validate, fault, route, answer
//   faults.ts        errors, faults, auth           routes.ts         registers every REST route on the model
//   encoding.ts      base64url for ids              paging.ts         REST paging and the Link header
//   check-state.ts   newest statuses / check runs   pull-merge.ts     mergeability, the queue's refusal, the merge
//   merge-queue.ts   enqueue, the queue's merge     auto-merge.ts     auto-merge once nothing blocks
//   graphql.ts       GraphQL: handle, root          graphql-nodes.ts  GraphQL objects (repo, ref, commit, PR)
//   commit-status.ts setting a commit status        graphql-queue.ts  merge-queue mutations
//   rest/*.ts        REST routes by area (repos, git, pulls, checks, deployments, comments, rules)
// The model imports none of the route modules (index.ts passes it the HTTP handler and registers the routes), and
// the mechanics below the routes import the model's types only, so no module takes part in an import cycle.
import {FakeGitHubImpl} from './model.js'
import {registerRoutes} from './routes.js'
import {handle} from './server.js'
import type {FakeGitHubOptions, FakeGitHub} from './types.js'

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = new FakeGitHubImpl(opts, handle)
  registerRoutes(fake)
  await fake.listen()
  return fake
}

export * from './types.js'
export {gitHash} from './git-store.js'
export type {FakeAppOptions, DispatchRecord, IssuedToken} from './app.js'
