export { AnswerVersions, answerTtl } from "./answers.js";
export { idleCloseDelay } from "./idle-close.js";
export { ConnectionWorld, type ConnectionWorldOptions, RETRY_DELAY } from "./pool-world.js";
export {
  type ResolvedRuntime,
  RUNTIME_MODELS,
  type RuntimeModel,
  resolveRuntime,
} from "./runtimes.js";
