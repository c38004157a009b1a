/** Dependency direction: edges -> app -> core. The core is pure (no I/O modules). */
const IO_MODULES = '^(fs|node:fs|fs/promises|node:fs/promises|net|node:net|http|node:http|https|node:https|child_process|node:child_process|dgram|node:dgram|dns|node:dns|tls|node:tls|os|node:os|process|node:process|worker_threads|node:worker_threads|cluster|node:cluster)$';
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports no I/O module and nothing outside the core.',
      severity: 'error',
      from: { path: '^src/core', pathNot: '(\\.test\\.ts$|/test-support/)' },
      to: { path: IO_MODULES },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      from: { path: '^src/core', pathNot: '(\\.test\\.ts$|/test-support/)' },
      to: { path: '^src/(?!core)' },
    },
    {
      name: 'signing-not-on-edges',
      severity: 'error',
      from: { path: '^src/(signing|dian)' },
      to: { path: '^src/(cli|server|web|app|adapters)' },
    },
    {
      name: 'app-not-on-edges-or-adapters',
      severity: 'error',
      from: { path: '^src/app' },
      to: { path: '^src/(cli|server|web|adapters)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: '\\.test\\.ts$' },
  },
};
