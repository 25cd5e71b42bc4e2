import * as core from '@actions/core'

export async function run(): Promise<void> {
  core.setOutput('result', 'failed')
  core.setFailed('gitops-promote: not built yet')
}
