/** @idflow/cli: the `idflow` command, and the pieces the runtime and tests reuse (migrations, diff, test format). */
export {
  type ChangeKind,
  type DiffableFlow,
  type DiffOptions,
  diffFlows,
  diffValues,
  type EdgeRef,
  type FieldChange,
  type FlowDiff,
  jsonEqual,
  type NodeChange,
} from './diff/diff-flows';
export { formatFlowDiff } from './diff/format-diff';
export { CliError, UsageError } from './errors';
export { JsonSyntaxError, locateJsonError, parseJson } from './io/parse-json';
export { main } from './main';
export * from './migrations/index';
export { type Mismatch, matchEach, matchSubset } from './testing/match-subset';
export {
  type FlowTestCase,
  type FlowTestFile,
  FlowTestFileSchema,
  flowTestJsonSchema,
} from './testing/test-file-schema';
