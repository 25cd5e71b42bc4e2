// Starts the bundled connector (dist/connector/index.js) as its own process on 127.0.0.1, as a platform team would.
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {NODE24, ROOT} from './run-action.js'

export interface ConnectorProcess {
  url: string
  child: ChildProcess
  output(): string
  stop(): Promise<void>
}

export async function spawnConnector(opts: {hmacKeys: string[]; readTokens: string[]}): Promise<ConnectorProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gitops-promote-connector-'))
  const child = spawn(NODE24, [join(ROOT, 'dist', 'connector', 'index.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      CONNECTOR_HOST: '127.0.0.1',
      CONNECTOR_PORT: '0',
      CONNECTOR_HMAC_KEYS: opts.hmacKeys.join(','),
      CONNECTOR_READ_TOKENS: opts.readTokens.join(','),
      CONNECTOR_DATA_DIR: dataDir
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (c: Buffer): void => {
      out += c.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1] as string)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', code => reject(new Error(`connector exited ${code}: ${out}`)))
  })
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(r => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, {recursive: true, force: true})
    }
  }
}
