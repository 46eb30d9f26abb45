/** One problem found in a request: where (a JSON pointer into `{ params, query, headers, cookies, body }`) and what. */
export interface ValidationIssue {
  pointer: string;
  message: string;
}
