console.error('connector: not built yet')
process.exitCode = 1
