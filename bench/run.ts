// `npm run bench`: every benchmark, printed as `name: number` lines. Numbers vary with the machine; none is a test.
import {benchBump} from './bump.js'
import {benchGlob} from './glob.js'
import {benchAction} from './action.js'
import {benchConnector} from './connector.js'
import {benchHandoff} from './handoff.js'
import {benchPromote} from './promote.js'
import {benchConnectorPostgres} from './connector-postgres.js'

const suites: [string, () => Promise<Record<string, number>>][] = [
  ['bump (pure, in process)', benchBump],
  ['context globs (pure, in process)', benchGlob],
  ['action (dist/index.js against the fakes)', benchAction],
  ['connector (dist/connector/index.js)', benchConnector],
  ['handoff (runner seconds held; Flux report -> repository_dispatch)', benchHandoff],
  ['promotion from a source stage (dist/index.js against the fakes)', benchPromote],
  ['connector on PostgreSQL (two replicas, one database)', benchConnectorPostgres]
]
for (const [name, bench] of suites) {
  console.log(`\n## ${name}`)
  for (const [k, v] of Object.entries(await bench())) console.log(`${k}: ${v}`)
}
