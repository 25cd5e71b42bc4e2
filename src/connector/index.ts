// Entry point of the connector (dist/connector/index.js): configuration from the environment, then serve.
import {ConfigError, helpText, readConfig} from './config.js'
import {startConnector} from './server.js'

function log(msg: string): void {
  process.stdout.write(`${new Date().toISOString()} connector: ${msg}\n`)
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(helpText())
    return
  }
  if (args.length > 0) {
    process.stderr.write(`connector: unknown argument '${args[0]}' (configuration is by environment; see --help)\n`)
    process.exitCode = 2
    return
  }
  let config
  try {
    config = readConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`connector: invalid configuration: ${err.message} (see --help)\n`)
      process.exitCode = 2
      return
    }
    throw err
  }
  const running = await startConnector(config, {clock: Date.now, log, processMetrics: true})
  log(`listening on ${running.url} (${running.store.kind} store)`)

  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) return
    stopping = true
    log(`${signal}: shutting down`)
    running.close().then(
      () => {
        log('stopped')
        process.exit(0)
      },
      err => {
        log(`shutdown failed: ${String(err)}`)
        process.exit(1)
      }
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch(err => {
  process.stderr.write(`connector: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
