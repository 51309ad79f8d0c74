/** Directory mode: a folder of `<id>.flow.json` files as the source of truth (load, watch, write back). */

export { assertDirectory } from './dir-files';
export { type FileIssue, parseFlowFile } from './flow-file';
export {
  createFlowsDir,
  FLOWS_DIR_DEBOUNCE_MS,
  type FlowsDir,
  type FlowsDirFile,
  type FlowsDirFileStatus,
  type FlowsDirView,
} from './flows-dir';
export { FlowsDirOut, flowsDirRoutes } from './flows-dir-route';
