import type { RuntimeOptions } from 'limis/runtime';
import petstore from '../services/petstore/index.js';

/** What the gateway benchmark's instances serve: the petstore on node:http, no per-request logging. */
export default { services: [petstore], adapter: 'node' } satisfies RuntimeOptions;
