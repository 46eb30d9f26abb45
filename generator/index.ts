export { checkContract, generate, type ContractCheck, type GeneratedFile, type GenerateOptions, type GenerateResult } from './generate.js';
export { loadContract, type LoadedContract } from './load/load-contract.js';
export { ContractError, formatProblem, type ContractProblem } from './load/problems.js';
export type * from './model/service-model.js';
