export {
  type ContractCheck,
  checkContract,
  type GeneratedFile,
  type GenerateOptions,
  type GenerateResult,
  generate,
} from './generate.js';
export { type LoadedContract, loadContract } from './load/load-contract.js';
export { ContractError, type ContractProblem, formatProblem } from './load/problems.js';
export type * from './model/service-model.js';
