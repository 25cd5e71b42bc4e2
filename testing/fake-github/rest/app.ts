// REST: GitHub App installation lookup and tokens, repository_dispatch.
import {DOCS} from '../faults.js'
import type {FakeGitHubImpl} from '../model.js'

// ------------------------------------------------------------------------------------------------ GitHub App

export function registerAppRoutes(gh: FakeGitHubImpl, R: string): void {
  const notFound = {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
  gh.route('GET', `${R}/installation`, 'metadata', ({repo}) =>
    gh.app.enabled ? {status: 200, body: gh.app.installationJson(repo.owner, 9000 + repo.id)} : notFound
  )
  gh.route('POST', '/app/installations/{installation_id}/access_tokens', 'metadata', ({params}) =>
    gh.app.createToken(Number(params.installation_id))
  )
  gh.route('POST', `${R}/dispatches`, 'contents', ({repo, body, record}) =>
    gh.app.dispatch(repo.owner, repo.name, body, record.id)
  )
}
