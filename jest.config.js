export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {'^(\\.{1,2}/.*)\\.js$': '$1'},
  transform: {'^.+\\.ts$': ['ts-jest', {useESM: true}]},
  clearMocks: true,
  testTimeout: 30000,
  // The end-to-end suites spend part of their time waiting on subprocesses, sockets and graces: a third worker fills
  // those waits on two cores (measured: 2 workers 112 s, 3 workers 100 s, 4 workers 107 s).
  maxWorkers: 3,
  // ESM test files leave their module graph on the worker's heap; a worker past this is replaced, which costs less
  // than the garbage collection (and slower spawns of the action) of an ever larger heap.
  workerIdleMemoryLimit: '200MB',
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts', '!src/connector/index.ts']
}
