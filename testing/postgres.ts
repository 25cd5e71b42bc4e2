// A fresh database per test on the PostgreSQL server named by GITOPS_PROMOTE_TEST_DATABASE_URL (.ci/run starts a
// throwaway one). Without the variable the PostgreSQL tests are skipped locally, saying why; under CI they must run.
import {randomBytes} from 'node:crypto'
import pg from 'pg'

export const ADMIN_URL = process.env.GITOPS_PROMOTE_TEST_DATABASE_URL ?? ''

if (!ADMIN_URL) {
  if (process.env.CI)
    throw new Error('GITOPS_PROMOTE_TEST_DATABASE_URL is unset under CI: .ci/run must start PostgreSQL')
  console.warn(
    'PostgreSQL tests skipped: GITOPS_PROMOTE_TEST_DATABASE_URL is unset (run `source .ci/postgres.sh` to start one)'
  )
}

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `gp_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({connectionString: ADMIN_URL})
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({connectionString: ADMIN_URL})
      await c.connect()
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await c.end()
      }
    }
  }
}
