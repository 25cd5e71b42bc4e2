export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {'^(\\.{1,2}/.*)\\.js$': '$1'},
  transform: {'^.+\\.ts$': ['ts-jest', {useESM: true}]},
  clearMocks: true,
  testTimeout: 30000,
  // Most suites wait on subprocesses and sockets, not the CPU: two workers overlap them even on two cores.
  maxWorkers: 2,
  collectCoverageFrom: ['src/**/*.ts', '!src/index.ts', '!src/connector/index.ts']
}
