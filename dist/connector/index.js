var __webpack_exports__ = {};
console.error('connector: not built yet');
process.exitCode = 1;


