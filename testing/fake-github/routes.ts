// Every REST route of the fake, registered on the model (the route modules read the model; it does not import them).
import type {FakeGitHubImpl} from './model.js'
import {registerStatusAndCheckRoutes} from './rest/checks.js'
import {registerCommentRoutes} from './rest/comments.js'
import {registerDeploymentRoutes} from './rest/deployments.js'
import {registerGitRoutes} from './rest/git.js'
import {registerPullRoutes} from './rest/pulls.js'
import {registerRepoRoutes, registerRuleRoutes} from './rest/repos.js'

export function registerRoutes(gh: FakeGitHubImpl): void {
  registerRepoRoutes(gh)
  registerGitRoutes(gh)
  registerStatusAndCheckRoutes(gh)
  registerPullRoutes(gh)
  registerDeploymentRoutes(gh)
  registerCommentRoutes(gh)
  registerRuleRoutes(gh)
}
