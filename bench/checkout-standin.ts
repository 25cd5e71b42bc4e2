// A stand-in for actions/checkout's bundle, which is not published to npm: the libraries its dist/index.js bundles
// (@actions/core, exec, io, github, tool-cache), bundled the same way (ncc), doing what checkout does first: read
// its inputs and fail when the runner's environment is missing. Used only by the cold-start benchmark.
import * as core from '@actions/core'
import * as exec from '@actions/exec'
import * as io from '@actions/io'
import * as github from '@actions/github'
import * as tc from '@actions/tool-cache'

// Referenced so that the bundler keeps every library, as checkout's code uses them all.
const used = [exec.exec, io.which, io.mkdirP, tc.find, tc.downloadTool, github.getOctokit]

try {
  const workspace = process.env.GITHUB_WORKSPACE
  if (!workspace || used.length === 0) throw new Error('GITHUB_WORKSPACE not defined')
  core.getInput('repository')
} catch (e) {
  core.setFailed(`${(e as Error).message}: ${github.context.eventName ?? ''}`)
}
